import { requireActiveLoggedModels } from '../logged-models/logged-model-metrics.js';
import { findActiveRunRow } from './runs.js';
import type { TrackingStoreContext } from './store-context.js';
import type { ModelOutput } from './tracking-entities.js';

/**
 * Records logged models an active run produced (MLflow 3 runs/outputs, called by `log_model`).
 * The models must exist; a model already recorded keeps its first step.
 */
export async function logOutputs(
  context: TrackingStoreContext,
  runId: string,
  outputs: readonly ModelOutput[],
): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    if (outputs.length === 0) return;
    await requireActiveLoggedModels(
      transaction,
      outputs.map((output) => output.modelId),
    );
    for (const output of outputs) {
      await transaction
        .insertInto('run_model_outputs')
        .values({ run_uuid: runId, model_id: output.modelId, step: output.step })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
  });
}
