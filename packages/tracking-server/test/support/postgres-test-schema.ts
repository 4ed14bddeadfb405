import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use, if any (CI sets it when PostgreSQL is reachable). */
export const TEST_POSTGRES_URL = process.env.MILLRACE_TEST_POSTGRES_URL;

export interface TemporaryPostgresSchema {
  /** A `postgresql://` URI whose connections use the new schema (`options=-c search_path=...`). */
  uri: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

function withSearchPath(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** A fresh, empty schema on the test server, so that suites running in parallel never share tables. */
export async function createTemporaryPostgresSchema(baseUrl: string): Promise<TemporaryPostgresSchema> {
  const schema = `millrace_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  return {
    uri: withSearchPath(baseUrl, schema),
    async drop() {
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await dropper.end();
      }
    },
  };
}
