import { CompiledQuery } from 'kysely';
import { preparedOnPostgres } from '../database/postgres-prepared-statements.js';
import type { QueryExecutor } from './store-context.js';
import type { MetricRow } from './metric-writes.js';

/**
 * Metric writes on PostgreSQL as single statements whose rows travel as six array parameters
 * (`unnest`): one round trip and one prepared statement however many points, where a multi-row
 * VALUES list costs six parameters per row to send, parse and plan.
 */

/** `$first` to `$first+5` as the columns of a metric row set. */
function unnestRows(first: number): string {
  const [runs, keys, values, timestamps, steps, isNan] = [0, 1, 2, 3, 4, 5].map(
    (offset) => `$${first + offset}`,
  );
  return `select * from unnest(${runs}::text[], ${keys}::text[], ${values}::float8[], ${timestamps}::int8[], ${steps}::int8[], ${isNan}::int8[]) as rows (run_uuid, key, value, timestamp, step, is_nan)`;
}

const COLUMNS = 'run_uuid, key, value, timestamp, step, is_nan';

/** Identical points are stored once (the primary key is the whole point). */
const INSERT_HISTORY = `insert into run_metrics (${COLUMNS}) select * from history_rows on conflict do nothing`;

/** A run's latest value of a key moves only to a greater (step, timestamp, value). */
const UPSERT_LATEST = `insert into run_latest_metrics (${COLUMNS}) select * from latest_rows
  on conflict (run_uuid, key) do update
  set value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
  where (excluded.step, excluded.timestamp, excluded.value) > (run_latest_metrics.step, run_latest_metrics.timestamp, run_latest_metrics.value)`;

/**
 * History and latest values together; the caller has checked the run(s) in this transaction.
 * run_metrics has no foreign key on PostgreSQL (ADR 0012): points of a run that does not exist are
 * skipped here rather than refused by a trigger row by row.
 */
const EXISTING_RUN_IDS = `array(select run_uuid from existing_runs)`;
const WRITE_METRICS = preparedOnPostgres(`with existing_runs as (
    select run_uuid from runs where run_uuid = any($13::text[])
  ),
  history_rows as (select * from (${unnestRows(1)}) as history where run_uuid = any(${EXISTING_RUN_IDS})),
  latest_rows as (select * from (${unnestRows(7)}) as latest where run_uuid = any(${EXISTING_RUN_IDS})),
  history as (${INSERT_HISTORY})
  ${UPSERT_LATEST}`);

/**
 * A filter, not a join, so that rows keep their order (latest rows get their `sequence` in the
 * order the keys were first logged).
 */
const ACTIVE_RUN_IDS = `array(select run_uuid from found_runs where lifecycle_stage = 'active')`;

/**
 * The same, for the points of the active runs among `$13` only, answering the lifecycle stage of
 * each of those runs that exists (a missing run has no row): the run check and the writes are one
 * statement, so one autocommit round trip commits a whole group of log-metric calls.
 */
const WRITE_METRICS_TO_ACTIVE_RUNS = preparedOnPostgres(`with found_runs as (
    select run_uuid, lifecycle_stage from runs where run_uuid = any($13::text[])
  ),
  history_rows as (select * from (${unnestRows(1)}) as history where run_uuid = any(${ACTIVE_RUN_IDS})),
  latest_rows as (select * from (${unnestRows(7)}) as latest where run_uuid = any(${ACTIVE_RUN_IDS})),
  history as (${INSERT_HISTORY}),
  latest as (${UPSERT_LATEST})
  select run_uuid, lifecycle_stage from found_runs`);

/**
 * A PostgreSQL array literal of numbers and int64s, `{1,2.5,Infinity}`: no element needs quoting
 * (NaN is stored as `is_nan`). Written here because the driver's generic array encoding cost ~2.5 ms
 * of a 1000-point log-batch.
 */
function numericArrayLiteral(values: ReadonlyArray<number | bigint>): string {
  return `{${values.join(',')}}`;
}

/** A PostgreSQL array literal of texts: every element double-quoted, `\` and `"` escaped. */
function textArrayLiteral(values: readonly string[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as string;
    if (index > 0) literal += ',';
    literal += `"${/[\\"]/.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"`;
  }
  return `${literal}}`;
}

/** The six columns of metric rows, as the array literals the `unnest` statements take. */
function columnArrays(rows: readonly MetricRow[]): string[] {
  const runs: string[] = [];
  const keys: string[] = [];
  const values: number[] = [];
  const timestamps: Array<number | bigint> = [];
  const steps: Array<number | bigint> = [];
  const isNan: number[] = [];
  for (const row of rows) {
    runs.push(row.run_uuid);
    keys.push(row.key);
    values.push(row.value);
    timestamps.push(row.timestamp);
    steps.push(row.step);
    isNan.push(row.is_nan);
  }
  return [
    textArrayLiteral(runs),
    textArrayLiteral(keys),
    numericArrayLiteral(values),
    numericArrayLiteral(timestamps),
    numericArrayLiteral(steps),
    numericArrayLiteral(isNan),
  ];
}

/** Writes history points and latest values (`latest` holds at most one row per run and key). */
export async function writeMetricRowsPostgres(
  db: QueryExecutor,
  history: readonly MetricRow[],
  latest: readonly MetricRow[],
): Promise<void> {
  const runIds = [...new Set(latest.map((row) => row.run_uuid))];
  await db.executeQuery(
    CompiledQuery.raw(WRITE_METRICS, [...columnArrays(history), ...columnArrays(latest), runIds]),
  );
}

/**
 * Writes the points whose run is active and returns the lifecycle stage of every run among
 * `runIds` that exists, in one statement (its own transaction).
 */
export async function writeMetricRowsToActiveRunsPostgres(
  db: QueryExecutor,
  runIds: readonly string[],
  history: readonly MetricRow[],
  latest: readonly MetricRow[],
): Promise<Map<string, string>> {
  const result = await db.executeQuery<{ run_uuid: string; lifecycle_stage: string }>(
    CompiledQuery.raw(WRITE_METRICS_TO_ACTIVE_RUNS, [
      ...columnArrays(history),
      ...columnArrays(latest),
      runIds,
    ]),
  );
  return new Map(result.rows.map((row) => [row.run_uuid, row.lifecycle_stage]));
}
