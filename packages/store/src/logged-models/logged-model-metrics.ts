import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { Metric } from '../tracking/tracking-entities.js';
import { loggedModelNotFound } from './logged-models.js';

/** Checks that these logged models exist and are not deleted. */
export async function requireActiveLoggedModels(
  db: QueryExecutor,
  modelIds: readonly string[],
): Promise<void> {
  const wanted = [...new Set(modelIds)];
  const found = new Set<string>();
  for (const ids of chunk(wanted)) {
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom('logged_models')
      .select('model_id')
      .where('model_id', 'in', ids)
      .where('lifecycle_stage', '=', 'active')
      .execute();
    for (const row of rows) found.add(row.model_id);
  }
  const missing = wanted.find((modelId) => !found.has(modelId));
  if (missing !== undefined) throw loggedModelNotFound(missing);
}

/**
 * Records the points of a run that name a logged model (`modelId`) on that model too; identical
 * points are stored once. The models must exist; the caller checks the run, in the same
 * transaction.
 */
export async function writeLoggedModelMetrics(
  db: QueryExecutor,
  runId: string,
  metrics: readonly Metric[],
): Promise<void> {
  const modelMetrics = metrics.filter(
    (metric): metric is Metric & { modelId: string } => metric.modelId !== undefined && metric.modelId !== '',
  );
  if (modelMetrics.length === 0) return;
  await requireActiveLoggedModels(
    db,
    modelMetrics.map((metric) => metric.modelId),
  );
  for (const rows of chunk(modelMetrics)) {
    await db
      .insertInto('logged_model_metrics')
      .values(
        rows.map((metric) => {
          const isNan = Number.isNaN(metric.value);
          return {
            model_id: metric.modelId,
            run_uuid: runId,
            key: metric.key,
            value: isNan ? 0 : metric.value,
            is_nan: isNan ? 1 : 0,
            timestamp: metric.timestamp,
            step: metric.step,
            dataset_name: metric.datasetName ?? '',
            dataset_digest: metric.datasetDigest ?? '',
          };
        }),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}
