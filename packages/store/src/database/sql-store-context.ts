import type { Kysely } from 'kysely';
import type { DatabaseDialect, StoreTables } from './store-database.js';

/** What the operations of a SQL store share: the database, its dialect and the clock. */
export interface SqlStoreContext {
  readonly db: Kysely<StoreTables>;
  readonly dialect: DatabaseDialect;
  /** Epoch milliseconds. */
  now(): number;
}
