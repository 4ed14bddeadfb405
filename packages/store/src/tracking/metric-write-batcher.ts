import { MillraceError } from '@millrace/core';
import type { Kysely } from 'kysely';
import type { StoreTables } from '../database/store-database.js';
import { writeMetricRows, type MetricRow } from './metric-writes.js';
import { findRunRow, requireActiveRun, runNotFound } from './runs.js';
import { chunk } from './store-context.js';

interface PendingWrite {
  runId: string;
  row: MetricRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for single metric points. One transaction is in flight at a time; the points that
 * arrive meanwhile (several clients logging at once) go into the next one together: one commit
 * (and, on PostgreSQL, one round of statements) for many points. Each write keeps its own outcome:
 * a write to an unknown or deleted run is refused on its own and writes nothing; the others commit.
 */
export class MetricWriteBatcher {
  readonly #db: Kysely<StoreTables>;
  #pending: PendingWrite[] = [];
  /** A flush is scheduled or running; new writes wait for the next one. */
  #busy = false;

  constructor(db: Kysely<StoreTables>) {
    this.#db = db;
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
    let refusals = new Map<string, unknown>();
    try {
      await this.#db.transaction().execute(async (transaction) => {
        refusals = await this.#refusedRuns(transaction, writes);
        const rows = writes.filter((write) => !refusals.has(write.runId)).map((write) => write.row);
        if (rows.length > 0) await writeMetricRows(transaction, rows);
      });
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

  /** The runs of these writes that are missing or not active, with the error each write gets. */
  async #refusedRuns(
    db: Kysely<StoreTables>,
    writes: readonly PendingWrite[],
  ): Promise<Map<string, unknown>> {
    const refusals = new Map<string, unknown>();
    const runIds = [...new Set(writes.map((write) => write.runId))];
    const [onlyRunId] = runIds;
    if (runIds.length === 1 && onlyRunId !== undefined) {
      try {
        requireActiveRun(await findRunRow(db, onlyRunId));
      } catch (error) {
        if (!MillraceError.isInstance(error)) throw error;
        refusals.set(onlyRunId, error);
      }
      return refusals;
    }
    const stages = new Map<string, string>();
    for (const ids of chunk(runIds)) {
      const rows = await db.selectFrom('runs').selectAll().where('run_uuid', 'in', ids).execute();
      for (const row of rows) {
        stages.set(row.run_uuid, row.lifecycle_stage);
        try {
          requireActiveRun(row);
        } catch (error) {
          refusals.set(row.run_uuid, error);
        }
      }
    }
    for (const runId of runIds) if (!stages.has(runId)) refusals.set(runId, runNotFound(runId));
    return refusals;
  }
}
