import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database/create-database.js';
import type { StoreDatabase } from '../src/database/store-database.js';
import { migrateToLatest } from '../src/migrations/migrate-to-latest.js';
import { createTrackingStore } from '../src/tracking/create-tracking-store.js';
import { writeMetricRows } from '../src/tracking/metric-writes.js';
import type { TrackingStore } from '../src/tracking/tracking-store.js';
import {
  createTemporaryPostgresSchema,
  TEST_POSTGRES_URL,
  type TemporaryPostgresSchema,
} from './postgres-test-schema.js';

// ADR 0012: on PostgreSQL run_metrics has no foreign key; every metric write checks its runs in
// the same statement or transaction, and deleting a run deletes its history by a trigger.
describe.skipIf(TEST_POSTGRES_URL === undefined || TEST_POSTGRES_URL === '')(
  'run metric history on PostgreSQL without a foreign key',
  () => {
    let schema: TemporaryPostgresSchema | undefined;
    let database: StoreDatabase | undefined;
    let other: pg.Client | undefined;

    afterEach(async () => {
      await other?.end();
      await database?.close();
      await schema?.drop();
      other = undefined;
    });

    async function open(): Promise<{ store: TrackingStore; runId: string; client: pg.Client }> {
      schema = await createTemporaryPostgresSchema(TEST_POSTGRES_URL ?? '');
      database = createDatabase(schema.uri);
      await migrateToLatest(database);
      const store = createTrackingStore({ database });
      const experimentId = await store.createExperiment({ name: 'locks' });
      const run = await store.createRun({ experimentId, startTime: 1 });
      other = new pg.Client({ connectionString: schema.uri });
      await other.connect();
      return { store, runId: run.info.runId, client: other };
    }

    it('has no foreign key on the history, and deleting a run deletes its history', async () => {
      const { store, runId, client } = await open();
      await store.logMetric(runId, { key: 'loss', value: 1, timestamp: 1, step: 0 });
      await store.logBatch(runId, {
        metrics: [{ key: 'loss', value: 2, timestamp: 2, step: 1 }],
        params: [{ key: 'p', value: 'v' }],
      });
      const keys = await client.query(
        `select conname from pg_constraint where conrelid = 'run_metrics'::regclass and contype = 'f'`,
      );
      expect(keys.rows).toEqual([]);
      const count = async (table: string) =>
        Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
      expect(await count('run_metrics')).toBe(2);
      await client.query('delete from runs where run_uuid = $1', [runId]);
      expect(await count('run_metrics')).toBe(0);
      expect(await count('run_latest_metrics')).toBe(0);
      expect(await count('run_params')).toBe(0);
    });

    it('writes no point for a run that does not exist, and refuses such a log-metric alone', async () => {
      const { store, runId, client } = await open();
      const results = await Promise.allSettled([
        store.logMetric('missing', { key: 'loss', value: 1, timestamp: 1, step: 0 }),
        store.logMetric(runId, { key: 'loss', value: 2, timestamp: 2, step: 1 }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
      expect(
        (await client.query('select run_uuid from run_metrics')).rows.map((row) => row.run_uuid),
      ).toEqual([runId]);
      await database!.kysely.transaction().execute(async (transaction) => {
        await writeMetricRows(transaction, 'postgres', [
          { run_uuid: 'missing', key: 'loss', value: 1, timestamp: 1, step: 0, is_nan: 0 },
        ]);
      });
      expect((await client.query('select count(*) as n from run_metrics')).rows[0].n).toBe('1');
    });
  },
);
