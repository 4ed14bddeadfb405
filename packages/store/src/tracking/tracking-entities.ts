import type { Int64 } from '../int64.js';

export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';
/** The tag that carries a run's name; the store keeps it equal to `RunInfo.runName`. */
export const RUN_NAME_TAG = 'mlflow.runName';
/** The input tag searched as `dataset.context`. */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';

export type LifecycleStage = 'active' | 'deleted';

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;
/** Which lifecycle stages a search returns. */
export type ViewType = (typeof VIEW_TYPES)[number];

/** A key/value pair: experiment, run and input tags, params. */
export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  /** A decimal string. */
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  /** Epoch milliseconds. */
  creationTime: number;
  lastUpdateTime: number;
  /** In the order they were first set. */
  tags: KeyValue[];
}

export interface Metric {
  key: string;
  /** NaN and ±Infinity are kept as such. */
  value: number;
  /** Epoch milliseconds. */
  timestamp: Int64;
  step: Int64;
  /** MLflow 3: the logged model the point is about; it is then recorded on that model too. */
  modelId?: string;
  /** MLflow 3: the dataset the point was computed on (recorded with logged-model points). */
  datasetName?: string;
  datasetDigest?: string;
}

export interface MetricWithRunId extends Metric {
  runId: string;
}

export interface RunInfo {
  /** 32 lowercase hex characters. */
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: Int64;
  endTime?: Int64;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** The latest value of each metric key, keys in the order they were first logged. */
  metrics: Metric[];
  /** In the order they were logged. */
  params: KeyValue[];
  /** In the order they were first set. */
  tags: KeyValue[];
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: KeyValue[];
}

/** A logged model a run consumed (log-inputs). */
export interface ModelInput {
  modelId: string;
}

/** A logged model a run produced (runs/outputs), and at which step. */
export interface ModelOutput {
  modelId: string;
  step: Int64;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  /** In the order they were logged. */
  modelInputs: ModelInput[];
}

export interface RunOutputs {
  /** In the order they were logged. */
  modelOutputs: ModelOutput[];
}

export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
  outputs: RunOutputs;
}

/** One page of a search, and the opaque token of the next page when there is one. */
export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}
