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
  /**
   * Where the fixed hot write statements run (metric group commits, metric-only log-batches). On
   * PostgreSQL a small pool of its own whose sessions plan with `plan_cache_mode =
   * force_generic_plan`: those statements are planned once per connection rather than at every
   * execution, which was half of their database CPU (ADR 0013). Nothing else may run on it, since
   * a generic plan ignores the parameter values. On SQLite, `kysely` itself.
   */
  readonly hotWrites: Kysely<StoreTables>;
  /** Closes the connection (SQLite) or the pools (PostgreSQL). */
  close(): Promise<void>;
}
