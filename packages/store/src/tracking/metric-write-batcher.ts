import { MillraceError } from '@millrace/core';
import type { Kysely } from 'kysely';
import type { DatabaseDialect, StoreTables } from '../database/store-database.js';
import { latestPerRunAndKey, writeMetricRows, type MetricRow } from './metric-writes.js';
import { writeMetricRowsToActiveRunsPostgres } from './postgres-metric-writes.js';
import { findRunRow, requireActiveRun, runWriteRefusal } from './runs.js';
import { chunk } from './store-context.js';

interface PendingWrite {
  runId: string;
  row: MetricRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The refusal of each run of a group that is missing or not active. */
type Refusals = Map<string, unknown>;

function refusalsOf(runIds: readonly string[], stages: ReadonlyMap<string, string>): Refusals {
  const refusals: Refusals = new Map();
  for (const runId of runIds) {
    const refusal = runWriteRefusal(runId, stages.get(runId));
    if (refusal !== undefined) refusals.set(runId, refusal);
  }
  return refusals;
}

/**
 * Group commit for single metric points. One group is in flight at a time; the points that arrive
 * meanwhile (several clients logging at once) go into the next one together: one commit for many
 * points. On PostgreSQL a group is one statement (run check and writes, autocommitted: one round
 * trip); on SQLite one transaction. Each write keeps its own outcome: a write to an unknown or
 * deleted run is refused on its own and writes nothing; the others commit.
 */
export class MetricWriteBatcher {
  readonly #db: Kysely<StoreTables>;
  readonly #dialect: DatabaseDialect;
  #pending: PendingWrite[] = [];
  /** A flush is scheduled or running; new writes wait for the next one. */
  #busy = false;

  constructor(db: Kysely<StoreTables>, dialect: DatabaseDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  /** Resolves once the point is committed. */
  write(runId: string, row: MetricRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ runId, row, resolve, reject });
      if (!this.#busy) {
        this.#busy = true;
        setImmediate(() => void this.#flushAll());
      }
    });
  }

  async #flushAll(): Promise<void> {
    while (this.#pending.length > 0) {
      const writes = this.#pending;
      this.#pending = [];
      await this.#flush(writes);
    }
    this.#busy = false;
  }

  async #flush(writes: PendingWrite[]): Promise<void> {
    let refusals: Refusals;
    try {
      refusals =
        this.#dialect === 'postgres'
          ? await this.#commitPostgres(writes)
          : await this.#commitInTransaction(writes);
    } catch (error) {
      for (const write of writes) write.reject(error);
      return;
    }
    for (const write of writes) {
      const refusal = refusals.get(write.runId);
      if (refusal === undefined) write.resolve();
      else write.reject(refusal);
    }
  }

  async #commitPostgres(writes: readonly PendingWrite[]): Promise<Refusals> {
    const runIds = [...new Set(writes.map((write) => write.runId))];
    const rows = writes.map((write) => write.row);
    const stages = await writeMetricRowsToActiveRunsPostgres(
      this.#db,
      runIds,
      rows,
      latestPerRunAndKey(rows),
    );
    return refusalsOf(runIds, stages);
  }

  async #commitInTransaction(writes: readonly PendingWrite[]): Promise<Refusals> {
    return this.#db.transaction().execute(async (transaction) => {
      const refusals = await this.#refusedRuns(transaction, writes);
      const rows = writes.filter((write) => !refusals.has(write.runId)).map((write) => write.row);
      if (rows.length > 0) await writeMetricRows(transaction, this.#dialect, rows);
      return refusals;
    });
  }

  /** The runs of these writes that are missing or not active, with the error each write gets. */
  async #refusedRuns(db: Kysely<StoreTables>, writes: readonly PendingWrite[]): Promise<Refusals> {
    const runIds = [...new Set(writes.map((write) => write.runId))];
    const [onlyRunId] = runIds;
    if (runIds.length === 1 && onlyRunId !== undefined) {
      try {
        requireActiveRun(await findRunRow(db, onlyRunId));
      } catch (error) {
        if (!MillraceError.isInstance(error)) throw error;
        return new Map([[onlyRunId, error]]);
      }
      return new Map();
    }
    const stages = new Map<string, string>();
    for (const ids of chunk(runIds)) {
      const rows = await db
        .selectFrom('runs')
        .select(['run_uuid', 'lifecycle_stage'])
        .where('run_uuid', 'in', ids)
        .execute();
      for (const row of rows) stages.set(row.run_uuid, row.lifecycle_stage);
    }
    return refusalsOf(runIds, stages);
  }
}
