import { bindStoreOperations } from '../database/store-operations.js';
import type { StoreDatabase } from '../database/store-database.js';
import { DEFAULT_ARTIFACT_ROOT } from './artifact-uris.js';
import * as experiments from './experiments.js';
import { searchExperiments } from './experiment-search.js';
import * as metricHistory from './metric-history.js';
import { MetricWriteBatcher } from './metric-write-batcher.js';
import { logInputs } from './run-inputs.js';
import { logOutputs } from './run-outputs.js';
import * as logging from './run-logging.js';
import { searchRuns } from './run-search.js';
import * as runs from './runs.js';
import type { TrackingStoreContext } from './store-context.js';
import type { TrackingStore } from './tracking-store.js';

export interface TrackingStoreOptions {
  /** A migrated database (see `migrateToLatest`). The store does not close it. */
  database: StoreDatabase;
  /** Root of new experiments' artifact locations: `<root>/<experiment_id>`. Default `mlflow-artifacts:/`. */
  defaultArtifactRoot?: string;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * The tracking store on SQLite or PostgreSQL (one Kysely implementation for both). Database
 * failures a retry can cure surface as TEMPORARILY_UNAVAILABLE.
 */
export function createTrackingStore(options: TrackingStoreOptions): TrackingStore {
  const context: TrackingStoreContext = {
    db: options.database.kysely,
    hotWrites: options.database.hotWrites,
    dialect: options.database.dialect,
    defaultArtifactRoot: options.defaultArtifactRoot ?? DEFAULT_ARTIFACT_ROOT,
    now: options.now ?? Date.now,
    metricWrites: new MetricWriteBatcher(options.database.hotWrites, options.database.dialect),
  };
  const mapped = bindStoreOperations(context);
  return {
    createExperiment: mapped(experiments.createExperiment),
    getExperiment: mapped(experiments.getExperiment),
    getExperimentByName: mapped(experiments.getExperimentByName),
    renameExperiment: mapped(experiments.renameExperiment),
    deleteExperiment: mapped(experiments.deleteExperiment),
    restoreExperiment: mapped(experiments.restoreExperiment),
    searchExperiments: mapped(searchExperiments),
    setExperimentTag: mapped(experiments.setExperimentTag),
    deleteExperimentTag: mapped(experiments.deleteExperimentTag),
    createRun: mapped(runs.createRun),
    getRun: mapped(runs.getRun),
    updateRun: mapped(runs.updateRun),
    deleteRun: mapped(runs.deleteRun),
    restoreRun: mapped(runs.restoreRun),
    searchRuns: mapped(searchRuns),
    logMetric: mapped(logging.logMetric),
    logParam: mapped(logging.logParam),
    setTag: mapped(logging.setTag),
    deleteTag: mapped(logging.deleteTag),
    logBatch: mapped(logging.logBatch),
    logInputs: mapped(logInputs),
    logOutputs: mapped(logOutputs),
    getMetricHistory: mapped(metricHistory.getMetricHistory),
    getMetricHistoryBulkInterval: mapped(metricHistory.getMetricHistoryBulkInterval),
    getMetricHistories: mapped(metricHistory.getMetricHistories),
  };
}
