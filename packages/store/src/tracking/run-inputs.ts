import { randomUUID } from 'node:crypto';
import { requireActiveLoggedModels } from '../logged-models/logged-model-metrics.js';
import { validateLength } from '../validation/entity-validation.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { lastValuePerKey } from './experiments.js';
import { findActiveRunRow } from './runs.js';
import type { QueryExecutor, TrackingStoreContext } from './store-context.js';
import type { DatasetInput } from './tracking-entities.js';
import type { LogInputsInput } from './tracking-store.js';

function validateDatasetInput(input: DatasetInput): void {
  const { dataset } = input;
  validateLength(dataset.name, 'name', TRACKING_LIMITS.datasetNameLength);
  validateLength(dataset.digest, 'digest', TRACKING_LIMITS.datasetDigestLength);
  validateLength(dataset.source, 'source', TRACKING_LIMITS.datasetSourceLength);
  if (dataset.schema !== undefined)
    validateLength(dataset.schema, 'schema', TRACKING_LIMITS.datasetSchemaLength);
  if (dataset.profile !== undefined)
    validateLength(dataset.profile, 'profile', TRACKING_LIMITS.datasetProfileLength);
  for (const tag of input.tags) {
    validateLength(tag.key, 'key', TRACKING_LIMITS.inputTagKeyLength);
    validateLength(tag.value, 'value', TRACKING_LIMITS.inputTagValueLength);
  }
}

/** The id of the experiment's dataset with this name and digest, created on first use. */
async function datasetId(db: QueryExecutor, experimentId: number, input: DatasetInput): Promise<string> {
  const { dataset } = input;
  const existing = await db
    .selectFrom('datasets')
    .select('dataset_uuid')
    .where('experiment_id', '=', experimentId)
    .where('name', '=', dataset.name)
    .where('digest', '=', dataset.digest)
    .executeTakeFirst();
  if (existing !== undefined) return existing.dataset_uuid;
  const id = randomUUID().replaceAll('-', '');
  await db
    .insertInto('datasets')
    .values({
      dataset_uuid: id,
      experiment_id: experimentId,
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      schema: dataset.schema ?? null,
      profile: dataset.profile ?? null,
    })
    .execute();
  return id;
}

/** Edges from logged models to a run that consumed them (source type MODEL), each made once. */
async function logModelInputs(db: QueryExecutor, runId: string, modelIds: readonly string[]): Promise<void> {
  if (modelIds.length === 0) return;
  await requireActiveLoggedModels(db, modelIds);
  for (const modelId of new Set(modelIds)) {
    await db
      .insertInto('inputs')
      .values({
        input_uuid: randomUUID().replaceAll('-', ''),
        source_type: 'MODEL',
        source_id: modelId,
        destination_type: 'RUN',
        destination_id: runId,
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

/**
 * Records dataset and logged-model inputs of an active run. Datasets are shared per experiment by
 * (name, digest); a run consumes each dataset once, so logging the same input again changes
 * nothing (its tags are the ones given the first time). Logged models must exist.
 */
export async function logInputs(
  context: TrackingStoreContext,
  runId: string,
  inputs: LogInputsInput,
): Promise<void> {
  const datasets = inputs.datasets ?? [];
  datasets.forEach(validateDatasetInput);
  await context.db.transaction().execute(async (transaction) => {
    const run = await findActiveRunRow(transaction, runId);
    for (const input of datasets) {
      const sourceId = await datasetId(transaction, run.experiment_id, input);
      const edge = await transaction
        .selectFrom('inputs')
        .select('input_uuid')
        .where('source_type', '=', 'DATASET')
        .where('source_id', '=', sourceId)
        .where('destination_type', '=', 'RUN')
        .where('destination_id', '=', runId)
        .executeTakeFirst();
      if (edge !== undefined) continue;
      const inputId = randomUUID().replaceAll('-', '');
      await transaction
        .insertInto('inputs')
        .values({
          input_uuid: inputId,
          source_type: 'DATASET',
          source_id: sourceId,
          destination_type: 'RUN',
          destination_id: runId,
        })
        .execute();
      const tags = lastValuePerKey(input.tags);
      if (tags.length > 0) {
        await transaction
          .insertInto('input_tags')
          .values(tags.map((tag) => ({ input_uuid: inputId, name: tag.key, value: tag.value })))
          .execute();
      }
    }
    await logModelInputs(
      transaction,
      runId,
      (inputs.models ?? []).map((model) => model.modelId),
    );
  });
}
