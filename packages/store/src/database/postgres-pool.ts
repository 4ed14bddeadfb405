import pg from 'pg';
import { normalizeInteger } from '../int64.js';
import { PreparingPostgresClient } from './postgres-prepared-statements.js';

/** PostgreSQL's type OID of `bigint` (int8). */
const INT8_OID = 20;
const DEFAULT_MAX_CONNECTIONS = 10;

export interface PostgresPoolOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Errors of idle pooled connections (the server went away); the next query fails on its own. */
  onIdleClientError?: (error: Error) => void;
  /**
   * Sessions plan with `plan_cache_mode = force_generic_plan`: for a pool that runs only fixed
   * statements whose best plan does not depend on their parameters (see `StoreDatabase.hotWrites`).
   */
  genericPlans?: boolean;
}

function parseInt8(text: string): number | bigint {
  return normalizeInteger(BigInt(text));
}

/**
 * A `pg` pool whose `bigint` columns come back as numbers when safe and as bigints beyond 2^53
 * (pg's default is strings), matching what the SQLite connection returns. The parser is set on
 * this pool only, not on pg's global type registry. Hot statements run as named prepared
 * statements (see `preparedOnPostgres`).
 */
export function createPostgresPool(connectionString: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    // Its `query` implements pg's overloads with one signature, which their types cannot express.
    Client: PreparingPostgresClient as unknown as typeof pg.Client,
    connectionString,
    max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? parseInt8
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (error) => options.onIdleClientError?.(error));
  if (options.genericPlans === true) {
    // Queued on the new connection ahead of any statement of the pool's users. Should it fail,
    // statements are planned per execution as elsewhere: slower, never wrong.
    pool.on('connect', (client) => {
      client.query('set plan_cache_mode = force_generic_plan').catch(() => {});
    });
  }
  return pool;
}
