import type { StoreDatabase } from './database/store-database.js';
import { createLoggedModelStore } from './logged-models/create-logged-model-store.js';
import type { LoggedModelStore } from './logged-models/logged-model-store.js';
import { createModelRegistryStore } from './registry/create-model-registry-store.js';
import type { ModelRegistryStore } from './registry/model-registry-store.js';
import { createTraceStore } from './traces/create-trace-store.js';
import type { TraceStore } from './traces/trace-store.js';
import { createTrackingStore } from './tracking/create-tracking-store.js';
import type { TrackingStore } from './tracking/tracking-store.js';

export interface StoresOptions {
  /** A migrated database (see `migrateToLatest`). The stores do not close it. */
  database: StoreDatabase;
  /** Root of new experiments' artifact locations. Default `mlflow-artifacts:/`. */
  defaultArtifactRoot?: string;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Every store of one database, as the tracking server takes them. */
export interface Stores {
  trackingStore: TrackingStore;
  modelRegistryStore: ModelRegistryStore;
  loggedModelStore: LoggedModelStore;
  traceStore: TraceStore;
}

/** The tracking store, the model registry, the logged-model store and the trace store on one database. */
export function createStores(options: StoresOptions): Stores {
  const clock = options.now === undefined ? {} : { now: options.now };
  return {
    trackingStore: createTrackingStore({
      database: options.database,
      ...clock,
      ...(options.defaultArtifactRoot === undefined
        ? {}
        : { defaultArtifactRoot: options.defaultArtifactRoot }),
    }),
    modelRegistryStore: createModelRegistryStore({ database: options.database, ...clock }),
    loggedModelStore: createLoggedModelStore({ database: options.database, ...clock }),
    traceStore: createTraceStore({ database: options.database, ...clock }),
  };
}
