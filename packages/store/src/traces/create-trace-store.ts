import { bindStoreOperations, sqlStoreContext } from '../database/store-operations.js';
import type { StoreDatabase } from '../database/store-database.js';
import { searchTraces } from './trace-search.js';
import type { TraceStore } from './trace-store.js';
import * as traces from './traces.js';

export interface TraceStoreOptions {
  /** A migrated database (see `migrateToLatest`), shared with the tracking store. The store does not close it. */
  database: StoreDatabase;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** MLflow 3 trace infos, tags and metadata on SQLite or PostgreSQL (the tracking store's database). */
export function createTraceStore(options: TraceStoreOptions): TraceStore {
  const mapped = bindStoreOperations(sqlStoreContext(options));
  return {
    startTrace: mapped(traces.startTrace),
    getTraceInfo: mapped(traces.getTraceInfo),
    batchGetTraceInfos: mapped(traces.batchGetTraceInfos),
    searchTraces: mapped(searchTraces),
    deleteTraces: mapped(traces.deleteTraces),
    setTraceTag: mapped(traces.setTraceTag),
    deleteTraceTag: mapped(traces.deleteTraceTag),
  };
}
