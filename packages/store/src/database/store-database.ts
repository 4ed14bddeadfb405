import type { Kysely } from 'kysely';
import type { LoggedModelTables } from './logged-model-tables.js';
import type { RegistryTables } from './registry-tables.js';
import type { TraceTables } from './trace-tables.js';
import type { TrackingTables } from './tracking-tables.js';

export type DatabaseDialect = 'sqlite' | 'postgres';

/**
 * Every table of the store, as one Kysely schema type. Later stores (model registry, logged
 * models, traces) add their table interfaces here.
 */
export type StoreTables = TrackingTables & LoggedModelTables & RegistryTables & TraceTables;

/** An open store database: the Kysely instance and which dialect it speaks. */
export interface StoreDatabase {
  readonly dialect: DatabaseDialect;
  readonly kysely: Kysely<StoreTables>;
  /** Closes the connection (SQLite) or the pool (PostgreSQL). */
  close(): Promise<void>;
}
