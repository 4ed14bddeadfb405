import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database/create-database.js';
import { preparedOnPostgres } from '../src/database/postgres-prepared-statements.js';
import { migrateToLatest } from '../src/migrations/migrate-to-latest.js';
import { createTrackingStore } from '../src/tracking/create-tracking-store.js';
import type { StoreDatabase } from '../src/database/store-database.js';
import {
  createTemporaryPostgresSchema,
  TEST_POSTGRES_URL,
  type TemporaryPostgresSchema,
} from './postgres-test-schema.js';

const MARKED = preparedOnPostgres('select $1::int8 + 1 as next');
const UNMARKED = 'select $1::int8 + 2 as next';

describe.skipIf(TEST_POSTGRES_URL === undefined || TEST_POSTGRES_URL === '')(
  'named prepared statements on PostgreSQL',
  () => {
    let schema: TemporaryPostgresSchema | undefined;
    let database: StoreDatabase | undefined;

    afterEach(async () => {
      await database?.close();
      await schema?.drop();
    });

    async function preparedStatements(db: StoreDatabase): Promise<string[]> {
      const result = await db.kysely.executeQuery<{ statement: string }>(
        CompiledQuery.raw('select statement from pg_prepared_statements order by statement'),
      );
      return result.rows.map((row) => row.statement);
    }

    it('prepares marked texts once per connection and sends others as they are', async () => {
      schema = await createTemporaryPostgresSchema(TEST_POSTGRES_URL ?? '');
      // One connection, so that every query below runs in the same session.
      database = createDatabase(schema.uri, { maxConnections: 1 });
      const run = async (text: string, value: number | bigint) =>
        (await database!.kysely.executeQuery<{ next: number | bigint }>(CompiledQuery.raw(text, [value])))
          .rows[0]?.next;
      expect(await run(MARKED, 1)).toBe(2);
      expect(await run(MARKED, 9_007_199_254_740_993n)).toBe(9_007_199_254_740_994n);
      expect(await run(UNMARKED, 1)).toBe(3);
      expect(await preparedStatements(database)).toEqual([MARKED]);
      // A failing execution does not spoil the statement for the next one.
      await expect(run(MARKED, 9_223_372_036_854_775_807n)).rejects.toThrow(/out of range/);
      expect(await run(MARKED, 41)).toBe(42);
    });

    it('runs the hot metric writes with generic plans, planned once per connection', async () => {
      schema = await createTemporaryPostgresSchema(TEST_POSTGRES_URL ?? '');
      database = createDatabase(schema.uri);
      await migrateToLatest(database);
      const store = createTrackingStore({ database });
      const run = await store.createRun({ experimentId: '0', startTime: 1 });
      for (let step = 0; step < 12; step++) {
        // One at a time: each is a group of its own, on the same (most recently released) connection.
        await store.logMetric(run.info.runId, { key: 'loss', value: step, timestamp: step, step });
        await store.logBatch(run.info.runId, {
          metrics: [{ key: 'batch', value: step, timestamp: step, step }],
        });
      }
      const plans = await database.hotWrites.executeQuery<{
        generic_plans: string;
        custom_plans: string;
      }>(CompiledQuery.raw('select generic_plans, custom_plans from pg_prepared_statements'));
      expect(plans.rows).toHaveLength(1);
      expect(plans.rows[0]).toEqual({ generic_plans: 24, custom_plans: 0 });
      // The main pool plans per execution as PostgreSQL chooses.
      const mode = await database.kysely.executeQuery<{ plan_cache_mode: string }>(
        CompiledQuery.raw('show plan_cache_mode'),
      );
      expect(mode.rows[0]?.plan_cache_mode).toBe('auto');
      expect((await store.getMetricHistory(run.info.runId, 'loss')).items).toHaveLength(12);
    });
  },
);
