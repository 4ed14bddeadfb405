import { MillraceError } from '@millrace/core';
import { compareInt64, readInt64, type Int64 } from '../int64.js';
import { decodePageToken, nextPageToken } from '../search/page-token.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { toMetric } from './run-loading.js';
import { chunk, type TrackingStoreContext } from './store-context.js';
import type { Metric, MetricWithRunId, Page } from './tracking-entities.js';
import type {
  MetricHistoriesQuery,
  MetricHistoryBulkIntervalQuery,
  MetricHistoryQuery,
} from './tracking-store.js';

const SEE_API_DOCS = 'See the API docs for more information about request parameters.';

/**
 * A run's points of one metric, ordered by timestamp, step, value. Without `maxResults` (or with
 * 0) every point from the token's offset on comes in one page; MLflow 3.6 answers an empty page
 * there instead.
 */
export async function getMetricHistory(
  context: TrackingStoreContext,
  runId: string,
  metricKey: string,
  query: MetricHistoryQuery = {},
): Promise<Page<Metric>> {
  const maxResults = query.maxResults ?? 0;
  if (!Number.isSafeInteger(maxResults) || maxResults < 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer`,
    );
  }
  const offset = decodePageToken(query.pageToken);
  let select = context.db
    .selectFrom('run_metrics')
    .select(['key', 'value', 'timestamp', 'step', 'is_nan'])
    .where('run_uuid', '=', runId)
    .where('key', '=', metricKey)
    .orderBy('timestamp')
    .orderBy('step')
    .orderBy('value');
  if (maxResults > 0) select = select.limit(maxResults + 1);
  if (offset > 0)
    select = maxResults > 0 ? select.offset(offset) : select.limit(Number.MAX_SAFE_INTEGER).offset(offset);
  const rows = await select.execute();
  const hasMore = maxResults > 0 && rows.length > maxResults;
  const items = (hasMore ? rows.slice(0, maxResults) : rows).map(toMetric);
  const token = nextPageToken(offset, maxResults, hasMore);
  return token === undefined ? { items } : { items, nextPageToken: token };
}

function validateRunIds(runIds: readonly string[], maximum: number, rpcName: string): void {
  if (runIds.length === 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Missing value for required parameter 'run_ids'. ${SEE_API_DOCS}`,
    );
  }
  if (runIds.length > maximum) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `${rpcName} request must specify at most ${maximum} run_ids. Received ${runIds.length} run_ids. ${SEE_API_DOCS}`,
    );
  }
}

/** `maxResults` steps spread evenly over the sorted `steps` (all of them when there are few enough). */
function sampleSteps(steps: readonly Int64[], maxResults: number): Int64[] {
  if (steps.length <= maxResults) return [...steps];
  const sampled: Int64[] = [];
  for (let index = 0; index < maxResults; index++) {
    const step = steps[Math.floor((index * steps.length) / maxResults)];
    if (step !== undefined) sampled.push(step);
  }
  return sampled;
}

/**
 * Down-sampled histories for charts: the distinct steps of all the runs (inside the optional
 * [startStep, endStep] window) are thinned to `maxResults` evenly spread steps, and each run also
 * keeps its own first and last step in the window. Rows come run by run, in the order the runs
 * were asked for, each ordered by step and timestamp.
 */
export async function getMetricHistoryBulkInterval(
  context: TrackingStoreContext,
  query: MetricHistoryBulkIntervalQuery,
): Promise<MetricWithRunId[]> {
  const runIds = [...new Set(query.runIds)];
  validateRunIds(runIds, TRACKING_LIMITS.bulkIntervalMaxRunIds, 'GetMetricHistoryBulkInterval');
  const { startStep, endStep } = query;
  if ((startStep === undefined) !== (endStep === undefined)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      'If either start step or end step are specified, both must be specified.',
    );
  }
  if (startStep !== undefined && endStep !== undefined && startStep > endStep) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`,
    );
  }
  const maxResults = query.maxResults ?? TRACKING_LIMITS.bulkIntervalMaxResults;
  if (
    !Number.isSafeInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > TRACKING_LIMITS.bulkIntervalMaxResults
  ) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `max_results must be between 1 and ${TRACKING_LIMITS.bulkIntervalMaxResults}. ${SEE_API_DOCS}`,
    );
  }

  let points = context.db
    .selectFrom('run_metrics')
    .select(['run_uuid', 'key', 'value', 'timestamp', 'step', 'is_nan'])
    .where('run_uuid', 'in', runIds)
    .where('key', '=', query.metricKey);
  if (startStep !== undefined && endStep !== undefined) {
    points = points.where('step', '>=', startStep).where('step', '<=', endStep);
  }
  const rows = await points.execute();

  const distinctSteps = new Map<string, Int64>();
  const stepRangeByRun = new Map<string, { first: Int64; last: Int64 }>();
  for (const row of rows) {
    const step = readInt64(row.step);
    distinctSteps.set(String(step), step);
    const range = stepRangeByRun.get(row.run_uuid);
    if (range === undefined) stepRangeByRun.set(row.run_uuid, { first: step, last: step });
    else {
      if (step < range.first) range.first = step;
      if (step > range.last) range.last = step;
    }
  }
  const kept = new Set(
    sampleSteps([...distinctSteps.values()].sort(compareInt64), maxResults).map((step) => String(step)),
  );
  for (const range of stepRangeByRun.values()) {
    kept.add(String(range.first));
    kept.add(String(range.last));
  }

  const runOrder = new Map(runIds.map((runId, index) => [runId, index]));
  return rows
    .map((row) => ({ ...toMetric(row), runId: row.run_uuid }))
    .filter((metric) => kept.has(String(metric.step)))
    .sort(
      (left, right) =>
        (runOrder.get(left.runId) ?? 0) - (runOrder.get(right.runId) ?? 0) ||
        compareInt64(left.step, right.step) ||
        compareInt64(left.timestamp, right.timestamp) ||
        left.value - right.value,
    );
}

/** Full histories of up to 100 runs for one key, ordered by run id, timestamp, step, value. */
export async function getMetricHistories(
  context: TrackingStoreContext,
  query: MetricHistoriesQuery,
): Promise<MetricWithRunId[]> {
  const runIds = [...new Set(query.runIds)];
  validateRunIds(runIds, TRACKING_LIMITS.bulkHistoryMaxRunIds, 'GetMetricHistoryBulk');
  const maxResults = query.maxResults ?? TRACKING_LIMITS.bulkHistoryMaxResults;
  if (
    !Number.isSafeInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > TRACKING_LIMITS.bulkHistoryMaxResults
  ) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `max_results must be between 1 and ${TRACKING_LIMITS.bulkHistoryMaxResults}. ${SEE_API_DOCS}`,
    );
  }
  const metrics: MetricWithRunId[] = [];
  for (const ids of chunk([...runIds].sort())) {
    const rows = await context.db
      .selectFrom('run_metrics')
      .select(['run_uuid', 'key', 'value', 'timestamp', 'step', 'is_nan'])
      .where('run_uuid', 'in', ids)
      .where('key', '=', query.metricKey)
      .orderBy('run_uuid')
      .orderBy('timestamp')
      .orderBy('step')
      .orderBy('value')
      .limit(maxResults - metrics.length)
      .execute();
    for (const row of rows) metrics.push({ ...toMetric(row), runId: row.run_uuid });
    if (metrics.length >= maxResults) break;
  }
  return metrics;
}
