import type { KeyValue, LifecycleStage, Metric } from '../tracking/tracking-entities.js';

export const LOGGED_MODEL_STATUSES = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
] as const;
/** LoggedModelStatus by name; the index is the proto number. */
export type LoggedModelStatus = (typeof LOGGED_MODEL_STATUSES)[number];
/** What finalize may set: the outcome of the artifact upload. */
export type LoggedModelFinalStatus = 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

/** The logged-model tag that lists the registry versions made from the model (a JSON list). */
export const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

export interface LoggedModelInfo {
  /** `m-` + 32 lowercase hex characters. */
  modelId: string;
  experimentId: string;
  name: string;
  /** Epoch milliseconds. */
  creationTimestampMs: number;
  lastUpdatedTimestampMs: number;
  /** `<experiment artifact_location>/models/<model_id>/artifacts`. */
  artifactUri: string;
  status: LoggedModelStatus;
  /** '' when not given. */
  modelType: string;
  /** '' when not given. */
  sourceRunId: string;
  statusMessage?: string;
  lifecycleStage: LifecycleStage;
  /** In the order they were first set. */
  tags: KeyValue[];
}

/** A metric point a run logged with this model's id. */
export interface LoggedModelMetric extends Metric {
  modelId: string;
  runId: string;
}

export interface LoggedModelData {
  /** In the order they were logged. */
  params: KeyValue[];
  /** Every point, in the order they were logged. */
  metrics: LoggedModelMetric[];
}

export interface LoggedModel {
  info: LoggedModelInfo;
  data: LoggedModelData;
}
