import type { Selectable } from 'kysely';
import type { RunMetricsTable, RunsTable } from '../database/tracking-tables.js';
import { readInt64, readSafeInteger } from '../int64.js';
import { chunk, type QueryExecutor } from './store-context.js';
import type {
  DatasetInput,
  KeyValue,
  LifecycleStage,
  Metric,
  ModelInput,
  ModelOutput,
  Run,
  RunInfo,
  RunStatus,
} from './tracking-entities.js';

export type RunRow = Selectable<RunsTable>;
type MetricColumns = Pick<Selectable<RunMetricsTable>, 'key' | 'value' | 'timestamp' | 'step' | 'is_nan'>;

export function toRunInfo(row: RunRow): RunInfo {
  const info: RunInfo = {
    runId: row.run_uuid,
    runName: row.name,
    experimentId: String(readSafeInteger(row.experiment_id)),
    userId: row.user_id,
    status: row.status as RunStatus,
    startTime: readInt64(row.start_time),
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
  };
  if (row.end_time !== null) info.endTime = readInt64(row.end_time);
  return info;
}

/** A stored metric point as a Metric: NaN comes back from the `is_nan` flag. */
export function toMetric(row: MetricColumns): Metric {
  return {
    key: row.key,
    value: Number(row.is_nan) === 1 ? Number.NaN : Number(row.value),
    timestamp: readInt64(row.timestamp),
    step: readInt64(row.step),
  };
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const items = map.get(key);
  if (items === undefined) map.set(key, [item]);
  else items.push(item);
}

/**
 * Full runs for run rows, in the rows' order: tags, params, latest metrics, dataset and model
 * inputs and model outputs are read with one query per kind (per 500 runs), not one per run.
 */
export async function loadRuns(db: QueryExecutor, rows: readonly RunRow[]): Promise<Run[]> {
  const tags = new Map<string, KeyValue[]>();
  const params = new Map<string, KeyValue[]>();
  const metrics = new Map<string, Metric[]>();
  const datasetInputs = new Map<string, DatasetInput[]>();
  const modelInputs = new Map<string, ModelInput[]>();
  const modelOutputs = new Map<string, ModelOutput[]>();

  for (const runIds of chunk(rows.map((row) => row.run_uuid))) {
    if (runIds.length === 0) continue;
    const tagRows = await db
      .selectFrom('run_tags')
      .select(['run_uuid', 'key', 'value'])
      .where('run_uuid', 'in', runIds)
      .orderBy('sequence')
      .execute();
    for (const row of tagRows) pushTo(tags, row.run_uuid, { key: row.key, value: row.value });

    const paramRows = await db
      .selectFrom('run_params')
      .select(['run_uuid', 'key', 'value'])
      .where('run_uuid', 'in', runIds)
      .orderBy('sequence')
      .execute();
    for (const row of paramRows) pushTo(params, row.run_uuid, { key: row.key, value: row.value });

    const metricRows = await db
      .selectFrom('run_latest_metrics')
      .select(['run_uuid', 'key', 'value', 'timestamp', 'step', 'is_nan'])
      .where('run_uuid', 'in', runIds)
      .orderBy('sequence')
      .execute();
    for (const row of metricRows) pushTo(metrics, row.run_uuid, toMetric(row));

    const modelInputRows = await db
      .selectFrom('inputs')
      .select(['source_id', 'destination_id'])
      .where('source_type', '=', 'MODEL')
      .where('destination_type', '=', 'RUN')
      .where('destination_id', 'in', runIds)
      .orderBy('sequence')
      .execute();
    for (const row of modelInputRows) pushTo(modelInputs, row.destination_id, { modelId: row.source_id });

    const outputRows = await db
      .selectFrom('run_model_outputs')
      .select(['run_uuid', 'model_id', 'step'])
      .where('run_uuid', 'in', runIds)
      .orderBy('sequence')
      .execute();
    for (const row of outputRows) {
      pushTo(modelOutputs, row.run_uuid, { modelId: row.model_id, step: readInt64(row.step) });
    }

    const inputRows = await db
      .selectFrom('inputs')
      .innerJoin('datasets', 'datasets.dataset_uuid', 'inputs.source_id')
      .select([
        'inputs.input_uuid',
        'inputs.destination_id',
        'datasets.name',
        'datasets.digest',
        'datasets.source_type',
        'datasets.source',
        'datasets.schema',
        'datasets.profile',
      ])
      .where('inputs.source_type', '=', 'DATASET')
      .where('inputs.destination_type', '=', 'RUN')
      .where('inputs.destination_id', 'in', runIds)
      .orderBy('inputs.sequence')
      .execute();
    if (inputRows.length === 0) continue;
    const inputTags = new Map<string, KeyValue[]>();
    for (const inputIds of chunk(inputRows.map((row) => row.input_uuid))) {
      const inputTagRows = await db
        .selectFrom('input_tags')
        .select(['input_uuid', 'name', 'value'])
        .where('input_uuid', 'in', inputIds)
        .orderBy('sequence')
        .execute();
      for (const row of inputTagRows) pushTo(inputTags, row.input_uuid, { key: row.name, value: row.value });
    }
    for (const row of inputRows) {
      const dataset: DatasetInput['dataset'] = {
        name: row.name,
        digest: row.digest,
        sourceType: row.source_type,
        source: row.source,
      };
      if (row.schema !== null) dataset.schema = row.schema;
      if (row.profile !== null) dataset.profile = row.profile;
      pushTo(datasetInputs, row.destination_id, { dataset, tags: inputTags.get(row.input_uuid) ?? [] });
    }
  }

  return rows.map((row) => ({
    info: toRunInfo(row),
    data: {
      metrics: metrics.get(row.run_uuid) ?? [],
      params: params.get(row.run_uuid) ?? [],
      tags: tags.get(row.run_uuid) ?? [],
    },
    inputs: {
      datasetInputs: datasetInputs.get(row.run_uuid) ?? [],
      modelInputs: modelInputs.get(row.run_uuid) ?? [],
    },
    outputs: { modelOutputs: modelOutputs.get(row.run_uuid) ?? [] },
  }));
}
