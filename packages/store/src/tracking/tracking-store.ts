import type { Int64 } from '../int64.js';
import type {
  DatasetInput,
  Experiment,
  KeyValue,
  Metric,
  MetricWithRunId,
  ModelInput,
  ModelOutput,
  Page,
  Run,
  RunInfo,
  RunStatus,
  ViewType,
} from './tracking-entities.js';

export interface CreateExperimentInput {
  name: string;
  /** Default: `<default artifact root>/<experiment_id>`. */
  artifactLocation?: string;
  tags?: KeyValue[];
}

export interface SearchExperimentsQuery {
  /** Default ACTIVE_ONLY. */
  viewType?: ViewType;
  /** 1..50000. Default 1000. */
  maxResults?: number;
  filter?: string;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRunInput {
  /** Default experiment `0`. */
  experimentId?: string;
  userId?: string;
  /** Default: the `mlflow.runName` tag if given, else a generated `adjective-noun-NNN`. */
  runName?: string;
  /** Epoch ms. Default 0, as MLflow stores it. */
  startTime?: Int64;
  tags?: KeyValue[];
}

export interface UpdateRunInput {
  status?: RunStatus;
  endTime?: Int64;
  runName?: string;
}

export interface SearchRunsQuery {
  /** An empty list matches no runs. */
  experimentIds: string[];
  filter?: string;
  /** Default ACTIVE_ONLY. */
  viewType?: ViewType;
  /** 1..50000. Default 1000. */
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface LogBatchInput {
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface LogInputsInput {
  datasets?: DatasetInput[];
  /** Logged models the run consumed; each must exist. */
  models?: ModelInput[];
}

export interface MetricHistoryQuery {
  /** Without it (or 0) every point comes in one page. */
  maxResults?: number;
  pageToken?: string;
}

export interface MetricHistoryBulkIntervalQuery {
  /** 1..100 runs. */
  runIds: string[];
  metricKey: string;
  /** Both or neither; start <= end. */
  startStep?: Int64;
  endStep?: Int64;
  /** Steps per run kept by down-sampling, 1..2500. Default 2500. */
  maxResults?: number;
}

export interface MetricHistoriesQuery {
  /** 1..100 runs. */
  runIds: string[];
  metricKey: string;
  /** At most this many points in total, 1..25000. Default 25000. */
  maxResults?: number;
}

/**
 * The tracking store: experiments, runs and what is logged to them, with MLflow's semantics
 * (tracking spec §2). Errors are `MillraceError`s with MLflow's codes and messages:
 * RESOURCE_DOES_NOT_EXIST for unknown ids, INVALID_PARAMETER_VALUE for refused input,
 * RESOURCE_ALREADY_EXISTS for taken names, TEMPORARILY_UNAVAILABLE when the database is busy.
 */
export interface TrackingStore {
  /** Returns the new experiment's id. Names are unique among active and deleted experiments. */
  createExperiment(input: CreateExperimentInput): Promise<string>;
  /** Active or deleted. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Active or deleted. */
  getExperimentByName(name: string): Promise<Experiment>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  /** Soft delete of the experiment and all its runs. */
  deleteExperiment(experimentId: string): Promise<void>;
  /** Reactivates the experiment and all its runs. */
  restoreExperiment(experimentId: string): Promise<void>;
  searchExperiments(query: SearchExperimentsQuery): Promise<Page<Experiment>>;
  setExperimentTag(experimentId: string, tag: KeyValue): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string): Promise<void>;

  createRun(input: CreateRunInput): Promise<Run>;
  /** Active or deleted. */
  getRun(runId: string): Promise<Run>;
  updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo>;
  /** Soft delete; deleting a deleted run is fine. */
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;
  searchRuns(query: SearchRunsQuery): Promise<Page<Run>>;

  /** A point with a `modelId` is also recorded on that logged model, which must exist. */
  logMetric(runId: string, metric: Metric): Promise<void>;
  /** Params are write-once: the same value again is fine, another value is refused. */
  logParam(runId: string, param: KeyValue): Promise<void>;
  setTag(runId: string, tag: KeyValue): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  /** All or nothing: limits and conflicts are checked before anything is written, in one transaction. */
  logBatch(runId: string, batch: LogBatchInput): Promise<void>;
  logInputs(runId: string, inputs: LogInputsInput): Promise<void>;
  /**
   * Records logged models an active run produced (MLflow 3 runs/outputs); each model must exist.
   * Logging the same model again keeps its first step.
   */
  logOutputs(runId: string, outputs: readonly ModelOutput[]): Promise<void>;

  /** Points ordered by timestamp, step, value. An unknown run or key has no points. */
  getMetricHistory(runId: string, metricKey: string, query?: MetricHistoryQuery): Promise<Page<Metric>>;
  /** Down-sampled histories of several runs for charts (each run keeps its first and last step). */
  getMetricHistoryBulkInterval(query: MetricHistoryBulkIntervalQuery): Promise<MetricWithRunId[]>;
  /** Full histories of several runs, ordered by run id, timestamp, step, value. */
  getMetricHistories(query: MetricHistoriesQuery): Promise<MetricWithRunId[]>;
}
