import { MillraceError } from '@millrace/core';
import {
  truncate,
  validateEntityKey,
  validateLength,
  validateMetricTimestamp,
} from '../validation/entity-validation.js';
import { pythonRepr } from '../validation/python-repr.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { lastValuePerKey } from './experiments.js';
import { findActiveRunRow, runWriteRefusal, upsertRunTags } from './runs.js';
import { chunk, type QueryExecutor, type TrackingStoreContext } from './store-context.js';
import { writeLoggedModelMetrics } from '../logged-models/logged-model-metrics.js';
import { latestPerRunAndKey, toMetricRow, writeMetricRows } from './metric-writes.js';
import { writeMetricRowsToActiveRunsPostgres } from './postgres-metric-writes.js';
import type { KeyValue, Metric } from './tracking-entities.js';
import type { LogBatchInput } from './tracking-store.js';

/** Labels of a metric's fields in messages: `name` for log-metric, `metrics[3].name` in a batch. */
interface MetricLabels {
  name: string;
  timestamp: string;
}

function validateMetric(metric: Metric, labels: MetricLabels): void {
  validateEntityKey(metric.key, labels.name);
  validateLength(metric.key, 'Metric name', TRACKING_LIMITS.keyLength);
  validateMetricTimestamp(metric.timestamp, labels.timestamp, metric.key, metric.value);
}

/** Checks a param key and returns the param with its value cut to 6000 characters. */
function checkedParam(param: KeyValue, keyLabel: string): KeyValue {
  validateEntityKey(param.key, keyLabel);
  validateLength(param.key, 'Param key', TRACKING_LIMITS.keyLength);
  return { key: param.key, value: truncate(param.value, TRACKING_LIMITS.paramValueLength) };
}

/** Checks a run tag key and returns the tag with its value cut to 8000 characters. */
function checkedTag(tag: KeyValue, keyLabel: string): KeyValue {
  validateEntityKey(tag.key, keyLabel);
  validateLength(tag.key, 'key', TRACKING_LIMITS.keyLength);
  return { key: tag.key, value: truncate(tag.value, TRACKING_LIMITS.runTagValueLength) };
}

function changedParamValue(runId: string, key: string, oldValue: string, newValue: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Changing param values is not allowed. Param with key='${key}' was already logged with value='${oldValue}' for run ID='${runId}'. Attempted logging new value '${newValue}'.`,
  );
}

/**
 * One metric point; concurrent calls share a transaction (see MetricWriteBatcher). A point about a
 * logged model (MLflow 3 `model_id`) is recorded on the run and on the model, in one transaction.
 */
export async function logMetric(context: TrackingStoreContext, runId: string, metric: Metric): Promise<void> {
  validateMetric(metric, { name: 'name', timestamp: 'timestamp' });
  if (metric.modelId === undefined || metric.modelId === '') {
    await context.metricWrites.write(runId, toMetricRow(runId, metric));
    return;
  }
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    await writeLoggedModelMetrics(transaction, runId, [metric]);
    await writeMetricRows(transaction, context.dialect, [toMetricRow(runId, metric)]);
  });
}

export async function logParam(context: TrackingStoreContext, runId: string, param: KeyValue): Promise<void> {
  const checked = checkedParam(param, 'key');
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    const inserted = await transaction
      .insertInto('run_params')
      .values({ run_uuid: runId, key: checked.key, value: checked.value })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 1n) return;
    const existing = await transaction
      .selectFrom('run_params')
      .select('value')
      .where('run_uuid', '=', runId)
      .where('key', '=', checked.key)
      .executeTakeFirstOrThrow();
    if (existing.value !== checked.value)
      throw changedParamValue(runId, checked.key, existing.value, checked.value);
  });
}

export async function setTag(context: TrackingStoreContext, runId: string, tag: KeyValue): Promise<void> {
  const checked = checkedTag(tag, 'key');
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    await upsertRunTags(transaction, runId, [checked]);
  });
}

export async function deleteTag(context: TrackingStoreContext, runId: string, key: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    const result = await transaction
      .deleteFrom('run_tags')
      .where('run_uuid', '=', runId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) {
      throw new MillraceError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${key} in run with id ${runId}`);
    }
  });
}

function limitError(count: number, limit: number, what: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `A batch logging request can contain at most ${limit} ${what}. Got ${count} ${what}. Please split up ${what} across multiple requests and try again.`,
  );
}

function validateBatchLimits(metrics: number, params: number, tags: number): void {
  if (metrics > TRACKING_LIMITS.batchMetrics)
    throw limitError(metrics, TRACKING_LIMITS.batchMetrics, 'metrics');
  if (params > TRACKING_LIMITS.batchParams) throw limitError(params, TRACKING_LIMITS.batchParams, 'params');
  if (tags > TRACKING_LIMITS.batchTags) throw limitError(tags, TRACKING_LIMITS.batchTags, 'tags');
  const total = metrics + params + tags;
  if (total > TRACKING_LIMITS.batchEntities) {
    throw limitError(total, TRACKING_LIMITS.batchEntities, 'metrics, params, and tags');
  }
}

function rejectDuplicateParamKeys(params: readonly KeyValue[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const param of params) {
    if (seen.has(param.key)) duplicates.add(param.key);
    seen.add(param.key);
  }
  if (duplicates.size > 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Duplicate parameter keys have been submitted: ${pythonRepr([...duplicates])}. Please ensure the request contains only one param value per param key.`,
    );
  }
}

/** The params of a batch that are not logged yet; a changed value anywhere refuses the whole batch. */
async function newParams(db: QueryExecutor, runId: string, params: readonly KeyValue[]): Promise<KeyValue[]> {
  const existing = new Map<string, string>();
  for (const keys of chunk(params.map((param) => param.key))) {
    if (keys.length === 0) continue;
    const rows = await db
      .selectFrom('run_params')
      .select(['key', 'value'])
      .where('run_uuid', '=', runId)
      .where('key', 'in', keys)
      .execute();
    for (const row of rows) existing.set(row.key, row.value);
  }
  const conflicts = params
    .filter((param) => existing.has(param.key) && existing.get(param.key) !== param.value)
    .map((param) => ({ key: param.key, old_value: existing.get(param.key) ?? '', new_value: param.value }));
  if (conflicts.length > 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Params were already logged='${pythonRepr(conflicts)}' for run ID='${runId}'.`,
    );
  }
  return params.filter((param) => !existing.has(param.key));
}

/**
 * A batch of run metrics only, on PostgreSQL: the run check and the writes are one statement (its
 * own transaction, so still all or nothing), one round trip instead of four.
 */
async function logMetricsInOneStatement(
  context: TrackingStoreContext,
  runId: string,
  metrics: readonly Metric[],
): Promise<void> {
  const rows = metrics.map((metric) => toMetricRow(runId, metric));
  const stages = await writeMetricRowsToActiveRunsPostgres(
    context.hotWrites,
    [runId],
    rows,
    latestPerRunAndKey(rows),
  );
  const refusal = runWriteRefusal(runId, stages.get(runId));
  if (refusal !== undefined) throw refusal;
}

/**
 * Logs metrics, params and tags in one transaction, all or nothing. Everything that can be
 * checked without the database (counts, keys, duplicate params) is checked before a query runs;
 * param conflicts are checked before the first write. Write order: params, metrics (points with a
 * `model_id` are recorded on that logged model too), tags; for repeated tag keys the last value wins.
 */
export async function logBatch(
  context: TrackingStoreContext,
  runId: string,
  batch: LogBatchInput,
): Promise<void> {
  const metrics = batch.metrics ?? [];
  const rawParams = batch.params ?? [];
  const rawTags = batch.tags ?? [];
  validateBatchLimits(metrics.length, rawParams.length, rawTags.length);
  metrics.forEach((metric, index) =>
    validateMetric(metric, { name: `metrics[${index}].name`, timestamp: `metrics[${index}].timestamp` }),
  );
  const params = rawParams.map((param, index) => checkedParam(param, `params[${index}].key`));
  const tags = lastValuePerKey(rawTags.map((tag, index) => checkedTag(tag, `tags[${index}].key`)));
  rejectDuplicateParamKeys(params);
  if (metrics.length === 0 && params.length === 0 && tags.length === 0) {
    await findActiveRunRow(context.db, runId);
    return;
  }

  if (
    context.dialect === 'postgres' &&
    params.length === 0 &&
    tags.length === 0 &&
    metrics.every((metric) => metric.modelId === undefined || metric.modelId === '')
  ) {
    await logMetricsInOneStatement(context, runId, metrics);
    return;
  }
  await context.db.transaction().execute(async (transaction) => {
    await findActiveRunRow(transaction, runId);
    const toInsert = await newParams(transaction, runId, params);
    for (const part of chunk(toInsert)) {
      await transaction
        .insertInto('run_params')
        .values(part.map((param) => ({ run_uuid: runId, key: param.key, value: param.value })))
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
    if (metrics.length > 0) {
      await writeMetricRows(
        transaction,
        context.dialect,
        metrics.map((metric) => toMetricRow(runId, metric)),
      );
      await writeLoggedModelMetrics(transaction, runId, metrics);
    }
    if (tags.length > 0) await upsertRunTags(transaction, runId, tags);
  });
}
