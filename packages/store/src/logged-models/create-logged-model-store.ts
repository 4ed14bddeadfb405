import { bindStoreOperations, sqlStoreContext } from '../database/store-operations.js';
import type { StoreDatabase } from '../database/store-database.js';
import { searchLoggedModels } from './logged-model-search.js';
import type { LoggedModelStore } from './logged-model-store.js';
import * as loggedModels from './logged-models.js';

export interface LoggedModelStoreOptions {
  /** A migrated database (see `migrateToLatest`), shared with the tracking store. The store does not close it. */
  database: StoreDatabase;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** MLflow 3 logged models on SQLite or PostgreSQL (the tracking store's database). */
export function createLoggedModelStore(options: LoggedModelStoreOptions): LoggedModelStore {
  const mapped = bindStoreOperations(sqlStoreContext(options));
  return {
    createLoggedModel: mapped(loggedModels.createLoggedModel),
    getLoggedModel: mapped(loggedModels.getLoggedModel),
    finalizeLoggedModel: mapped(loggedModels.finalizeLoggedModel),
    deleteLoggedModel: mapped(loggedModels.deleteLoggedModel),
    setLoggedModelTags: mapped(loggedModels.setLoggedModelTags),
    deleteLoggedModelTag: mapped(loggedModels.deleteLoggedModelTag),
    logLoggedModelParams: mapped(loggedModels.logLoggedModelParams),
    searchLoggedModels: mapped(searchLoggedModels),
  };
}
