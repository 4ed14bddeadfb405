import { bindStoreOperations, sqlStoreContext } from '../database/store-operations.js';
import type { StoreDatabase } from '../database/store-database.js';
import type { ModelRegistryStore } from './model-registry-store.js';
import * as versions from './model-versions.js';
import * as aliases from './registered-model-aliases.js';
import * as models from './registered-models.js';
import { searchModelVersions, searchRegisteredModels } from './registry-search.js';

export interface ModelRegistryStoreOptions {
  /**
   * A migrated database (see `migrateToLatest`), shared with the tracking store: versions made
   * from runs and logged models are resolved against it. The store does not close it.
   */
  database: StoreDatabase;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The model registry on SQLite or PostgreSQL (one Kysely implementation for both). */
export function createModelRegistryStore(options: ModelRegistryStoreOptions): ModelRegistryStore {
  const mapped = bindStoreOperations(sqlStoreContext(options));
  return {
    createRegisteredModel: mapped(models.createRegisteredModel),
    getRegisteredModel: mapped(models.getRegisteredModel),
    renameRegisteredModel: mapped(models.renameRegisteredModel),
    updateRegisteredModel: mapped(models.updateRegisteredModel),
    deleteRegisteredModel: mapped(models.deleteRegisteredModel),
    searchRegisteredModels: mapped(searchRegisteredModels),
    setRegisteredModelTag: mapped(models.setRegisteredModelTag),
    deleteRegisteredModelTag: mapped(models.deleteRegisteredModelTag),
    getLatestVersions: mapped(models.getLatestVersions),
    setRegisteredModelAlias: mapped(aliases.setRegisteredModelAlias),
    deleteRegisteredModelAlias: mapped(aliases.deleteRegisteredModelAlias),
    getModelVersionByAlias: mapped(aliases.getModelVersionByAlias),
    createModelVersion: mapped(versions.createModelVersion),
    getModelVersion: mapped(versions.getModelVersion),
    updateModelVersion: mapped(versions.updateModelVersion),
    transitionModelVersionStage: mapped(versions.transitionModelVersionStage),
    deleteModelVersion: mapped(versions.deleteModelVersion),
    searchModelVersions: mapped(searchModelVersions),
    getModelVersionDownloadUri: mapped(versions.getModelVersionDownloadUri),
    setModelVersionTag: mapped(versions.setModelVersionTag),
    deleteModelVersionTag: mapped(versions.deleteModelVersionTag),
  };
}
