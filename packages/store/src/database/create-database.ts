import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { parseDatabaseUri } from './database-uri.js';
import { createPostgresPool, type PostgresPoolOptions } from './postgres-pool.js';
import { openSqliteDatabase } from './sqlite-connection.js';
import type { StoreDatabase, StoreTables } from './store-database.js';

export type CreateDatabaseOptions = Omit<PostgresPoolOptions, 'genericPlans'>;

/**
 * Connections for the hot write statements on PostgreSQL: one commits a group of log-metric calls
 * at a time; more serve metric-only log-batches arriving together.
 */
const HOT_WRITE_CONNECTIONS = 4;

/**
 * Opens the database of a backend store URI (see `parseDatabaseUri`): SQLite through
 * better-sqlite3 (one connection, WAL, busy timeout, foreign keys) or PostgreSQL through a `pg`
 * pool. Nothing is migrated here: call `migrateToLatest` before using the stores.
 */
export function createDatabase(uri: string, options: CreateDatabaseOptions = {}): StoreDatabase {
  const location = parseDatabaseUri(uri);
  if (location.dialect === 'sqlite') {
    const kysely = new Kysely<StoreTables>({
      dialect: new SqliteDialect({ database: openSqliteDatabase(location.filename) }),
    });
    return { dialect: 'sqlite', kysely, hotWrites: kysely, close: () => kysely.destroy() };
  }
  const kysely = new Kysely<StoreTables>({
    dialect: new PostgresDialect({ pool: createPostgresPool(location.connectionString, options) }),
  });
  const hotWrites = new Kysely<StoreTables>({
    dialect: new PostgresDialect({
      pool: createPostgresPool(location.connectionString, {
        ...options,
        maxConnections: HOT_WRITE_CONNECTIONS,
        genericPlans: true,
      }),
    }),
  });
  return {
    dialect: 'postgres',
    kysely,
    hotWrites,
    close: async () => {
      await Promise.all([kysely.destroy(), hotWrites.destroy()]);
    },
  };
}
