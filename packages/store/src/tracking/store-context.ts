import type { Kysely } from 'kysely';
import type { DatabaseDialect, StoreTables } from '../database/store-database.js';
import type { MetricWriteBatcher } from './metric-write-batcher.js';

/** What the tracking store's operations share. */
export interface TrackingStoreContext {
  readonly db: Kysely<StoreTables>;
  /** The fixed hot write statements run here (`StoreDatabase.hotWrites`). */
  readonly hotWrites: Kysely<StoreTables>;
  readonly dialect: DatabaseDialect;
  readonly defaultArtifactRoot: string;
  /** Epoch milliseconds. */
  now(): number;
  /** Group commit of single metric points (log-metric). */
  readonly metricWrites: MetricWriteBatcher;
}

/** A Kysely instance or a transaction: what the row helpers run their queries on. */
export type QueryExecutor = Kysely<StoreTables>;

/** Splits a list for `IN (...)` clauses that stay below both databases' parameter limits. */
export function chunk<T>(items: readonly T[], size = 500): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
