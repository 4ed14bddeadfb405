import { CompiledQuery } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/database/create-database.js';
import { preparedOnPostgres } from '../src/database/postgres-prepared-statements.js';
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
  },
);
