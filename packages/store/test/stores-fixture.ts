import type { LoggedModelStore, ModelRegistryStore, TraceStore, TrackingStore } from '../src/index.js';

/** The stores of one fresh, migrated database (only experiment `0`). */
export interface StoresFixture {
  trackingStore: TrackingStore;
  modelRegistryStore: ModelRegistryStore;
  loggedModelStore: LoggedModelStore;
  traceStore: TraceStore;
  /** Releases the database (and drops it, for temporary databases). */
  close(): Promise<void>;
}

export interface StoresContractOptions {
  /** Shown in the suite name, e.g. `SQLite` or `PostgreSQL`. */
  name: string;
  /**
   * Fresh stores on one migrated, empty database whose default artifact root is
   * `mlflow-artifacts:/`, all reading the time from `now`.
   */
  createStores: (now: () => number) => Promise<StoresFixture>;
}

/**
 * A clock that moves one millisecond each time it is read, so that every store operation happens
 * at its own, strictly later time (orderings by time are deterministic).
 */
export class SteppingClock {
  #time = 1_700_000_000_000;

  readonly now = (): number => {
    this.#time += 1;
    return this.#time;
  };

  /** The last time handed out. */
  get latest(): number {
    return this.#time;
  }
}
