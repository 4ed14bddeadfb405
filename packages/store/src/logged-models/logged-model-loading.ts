import type { Selectable } from 'kysely';
import type { LoggedModelsTable } from '../database/logged-model-tables.js';
import { readInt64, readSafeInteger } from '../int64.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { KeyValue, LifecycleStage } from '../tracking/tracking-entities.js';
import type {
  LoggedModel,
  LoggedModelInfo,
  LoggedModelMetric,
  LoggedModelStatus,
} from './logged-model-entities.js';

export type LoggedModelRow = Selectable<LoggedModelsTable>;

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const items = map.get(key);
  if (items === undefined) map.set(key, [item]);
  else items.push(item);
}

export function toLoggedModelInfo(row: LoggedModelRow, tags: KeyValue[]): LoggedModelInfo {
  const info: LoggedModelInfo = {
    modelId: row.model_id,
    experimentId: String(readSafeInteger(row.experiment_id)),
    name: row.name,
    creationTimestampMs: readSafeInteger(row.creation_timestamp_ms),
    lastUpdatedTimestampMs: readSafeInteger(row.last_updated_timestamp_ms),
    artifactUri: row.artifact_location,
    status: row.status as LoggedModelStatus,
    modelType: row.model_type,
    sourceRunId: row.source_run_id,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    tags,
  };
  if (row.status_message !== null) info.statusMessage = row.status_message;
  return info;
}

/**
 * Full logged models for model rows, in the rows' order: tags, params and metrics are read with
 * one query per kind (per 500 models).
 */
export async function loadLoggedModels(
  db: QueryExecutor,
  rows: readonly LoggedModelRow[],
): Promise<LoggedModel[]> {
  const tags = new Map<string, KeyValue[]>();
  const params = new Map<string, KeyValue[]>();
  const metrics = new Map<string, LoggedModelMetric[]>();
  for (const modelIds of chunk(rows.map((row) => row.model_id))) {
    if (modelIds.length === 0) continue;
    const tagRows = await db
      .selectFrom('logged_model_tags')
      .select(['model_id', 'key', 'value'])
      .where('model_id', 'in', modelIds)
      .orderBy('sequence')
      .execute();
    for (const row of tagRows) pushTo(tags, row.model_id, { key: row.key, value: row.value });

    const paramRows = await db
      .selectFrom('logged_model_params')
      .select(['model_id', 'key', 'value'])
      .where('model_id', 'in', modelIds)
      .orderBy('sequence')
      .execute();
    for (const row of paramRows) pushTo(params, row.model_id, { key: row.key, value: row.value });

    const metricRows = await db
      .selectFrom('logged_model_metrics')
      .selectAll()
      .where('model_id', 'in', modelIds)
      .orderBy('sequence')
      .execute();
    for (const row of metricRows) {
      const metric: LoggedModelMetric = {
        key: row.key,
        value: Number(row.is_nan) === 1 ? Number.NaN : Number(row.value),
        timestamp: readInt64(row.timestamp),
        step: readInt64(row.step),
        modelId: row.model_id,
        runId: row.run_uuid,
      };
      if (row.dataset_name !== '') metric.datasetName = row.dataset_name;
      if (row.dataset_digest !== '') metric.datasetDigest = row.dataset_digest;
      pushTo(metrics, row.model_id, metric);
    }
  }
  return rows.map((row) => ({
    info: toLoggedModelInfo(row, tags.get(row.model_id) ?? []),
    data: { params: params.get(row.model_id) ?? [], metrics: metrics.get(row.model_id) ?? [] },
  }));
}
