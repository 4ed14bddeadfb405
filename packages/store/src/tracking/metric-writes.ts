import { sql, type Compilable } from 'kysely';
import { prepareQuery, type PreparedQuery } from '../database/prepared-query.js';
import type { DatabaseDialect } from '../database/store-database.js';
import { compareInt64, type Int64 } from '../int64.js';
import { writeMetricRowsPostgres } from './postgres-metric-writes.js';
import { chunk, type QueryExecutor } from './store-context.js';
import type { Metric } from './tracking-entities.js';

/** A metric point as stored: NaN is value 0 with `is_nan` 1 (SQLite cannot store NaN). */
export interface MetricRow extends Record<string, unknown> {
  run_uuid: string;
  key: string;
  value: number;
  timestamp: Int64;
  step: Int64;
  is_nan: number;
}

export function toMetricRow(runId: string, metric: Metric): MetricRow {
  const isNan = Number.isNaN(metric.value);
  return {
    run_uuid: runId,
    key: metric.key,
    value: isNan ? 0 : metric.value,
    timestamp: metric.timestamp,
    step: metric.step,
    is_nan: isNan ? 1 : 0,
  };
}

/** Orders points as "latest" does: by step, then timestamp, then value. */
function compareLatest(left: MetricRow, right: MetricRow): number {
  return (
    compareInt64(left.step, right.step) ||
    compareInt64(left.timestamp, right.timestamp) ||
    left.value - right.value
  );
}

/**
 * Per run and key, the point the stored latest value must be compared with, in the order the keys
 * first appear (a run's metrics are listed in the order they were first logged).
 */
export function latestPerRunAndKey(rows: readonly MetricRow[]): MetricRow[] {
  const latest = new Map<string, MetricRow>();
  for (const row of rows) {
    const identity = `${row.run_uuid}\u0000${row.key}`;
    const current = latest.get(identity);
    if (current === undefined || compareLatest(row, current) > 0) latest.set(identity, row);
  }
  return [...latest.values()];
}

function insertHistory(db: QueryExecutor, rows: readonly MetricRow[]) {
  return db
    .insertInto('run_metrics')
    .values(rows)
    .onConflict((conflict) => conflict.doNothing());
}

/** Upserts latest values; an existing one is replaced only by a greater (step, timestamp, value). */
function upsertLatest(db: QueryExecutor, rows: readonly MetricRow[]) {
  return db
    .insertInto('run_latest_metrics')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .columns(['run_uuid', 'key'])
        .doUpdateSet((expressions) => ({
          value: expressions.ref('excluded.value'),
          timestamp: expressions.ref('excluded.timestamp'),
          step: expressions.ref('excluded.step'),
          is_nan: expressions.ref('excluded.is_nan'),
        }))
        .where(
          sql<boolean>`(excluded.step, excluded.timestamp, excluded.value) > (run_latest_metrics.step, run_latest_metrics.timestamp, run_latest_metrics.value)`,
        ),
    );
}

const METRIC_COLUMNS = ['run_uuid', 'key', 'value', 'timestamp', 'step', 'is_nan'] as const;
/** Up to this many rows, the statements for a given row count are compiled once and reused. */
const PREPARED_ROW_COUNTS = 32;

type Statement = (
  db: QueryExecutor,
  rows: readonly MetricRow[],
) => Compilable<unknown> & { execute(): Promise<unknown> };

/**
 * The statement for `count` rows, compiled once: small groups of points (one log-metric, or the
 * few that log-metric calls arriving together commit at once) are the most frequent writes.
 */
function preparedFor(
  statement: Statement,
  cache: Map<number, PreparedQuery<Record<string, unknown>, unknown>>,
  count: number,
) {
  let prepared = cache.get(count);
  if (prepared === undefined) {
    const names = Array.from({ length: count }, (_, index) =>
      METRIC_COLUMNS.map((column) => `${column}${index}`),
    ).flat();
    prepared = prepareQuery<Record<string, unknown>, unknown>(names, (db, values) =>
      statement(
        db,
        Array.from({ length: count }, (_, index) => {
          const row: Record<string, unknown> = {};
          for (const column of METRIC_COLUMNS) row[column] = values[`${column}${index}`];
          return row as MetricRow;
        }),
      ),
    );
    cache.set(count, prepared);
  }
  return prepared;
}

const preparedHistory = new Map<number, PreparedQuery<Record<string, unknown>, unknown>>();
const preparedLatest = new Map<number, PreparedQuery<Record<string, unknown>, unknown>>();

async function execute(
  db: QueryExecutor,
  statement: Statement,
  cache: Map<number, PreparedQuery<Record<string, unknown>, unknown>>,
  rows: readonly MetricRow[],
): Promise<void> {
  for (const part of chunk(rows)) {
    if (part.length > PREPARED_ROW_COUNTS) {
      await statement(db, part).execute();
      continue;
    }
    const values: Record<string, unknown> = {};
    part.forEach((row, index) => {
      for (const column of METRIC_COLUMNS) values[`${column}${index}`] = row[column];
    });
    await preparedFor(statement, cache, part.length).execute(db, values);
  }
}

/**
 * Appends points to the history (identical points are stored once) and moves each run's latest
 * value of each key forward when a point has a greater (step, timestamp, value). Callers check that
 * the runs exist and are active, in the same transaction. On PostgreSQL this is one statement.
 */
export async function writeMetricRows(
  db: QueryExecutor,
  dialect: DatabaseDialect,
  rows: readonly MetricRow[],
): Promise<void> {
  if (dialect === 'postgres') {
    await writeMetricRowsPostgres(db, rows, latestPerRunAndKey(rows));
    return;
  }
  await execute(db, insertHistory, preparedHistory, rows);
  await execute(db, upsertLatest, preparedLatest, latestPerRunAndKey(rows));
}
