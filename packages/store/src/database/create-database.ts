import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { parseDatabaseUri } from './database-uri.js';
import { createPostgresPool, type PostgresPoolOptions } from './postgres-pool.js';
import { openSqliteDatabase } from './sqlite-connection.js';
import type { StoreDatabase, StoreTables } from './store-database.js';

export type CreateDatabaseOptions = PostgresPoolOptions;

/**
 * Opens the database of a backend store URI (see `parseDatabaseUri`): SQLite through
 * better-sqlite3 (one connection, WAL, busy timeout, foreign keys) or PostgreSQL through a `pg`
 * pool. Nothing is migrated here: call `migrateToLatest` before using the stores.
 */
export function createDatabase(uri: string, options: CreateDatabaseOptions = {}): StoreDatabase {
  const location = parseDatabaseUri(uri);
  const kysely =
    location.dialect === 'sqlite'
      ? new Kysely<StoreTables>({
          dialect: new SqliteDialect({ database: openSqliteDatabase(location.filename) }),
        })
      : new Kysely<StoreTables>({
          dialect: new PostgresDialect({ pool: createPostgresPool(location.connectionString, options) }),
        });
  return {
    dialect: location.dialect,
    kysely,
    close: () => kysely.destroy(),
  };
}
