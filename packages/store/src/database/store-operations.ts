import { toStoreError } from './database-errors.js';
import type { SqlStoreContext } from './sql-store-context.js';
import type { StoreDatabase } from './store-database.js';

/** What each store's factory takes to build its context. */
export interface StoreContextOptions {
  database: StoreDatabase;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The context every SQL store's operations share: the database, its dialect and the clock. */
export function sqlStoreContext(options: StoreContextOptions): SqlStoreContext {
  return {
    db: options.database.kysely,
    dialect: options.database.dialect,
    now: options.now ?? Date.now,
  };
}

/**
 * Binds a store's operations to its context: each `operation(context, ...input)` becomes the
 * store method `(...input)`, with database failures turned into store errors (`toStoreError`).
 */
export function bindStoreOperations<Context>(context: Context) {
  return <Arguments extends unknown[], Result>(
      operation: (context: Context, ...input: Arguments) => Promise<Result>,
    ) =>
    async (...input: Arguments): Promise<Result> => {
      try {
        return await operation(context, ...input);
      } catch (error) {
        throw toStoreError(error);
      }
    };
}
