import type { ColumnType, Generated } from 'kysely';
import type { Int64 } from '../int64.js';

/** An int64 column: read as a number (or a bigint beyond 2^53), written as either. */
type Int64Column = ColumnType<Int64, Int64, Int64>;
/** An autoincrement key that orders rows by insertion (tag, param and metric lists keep that order). */
type SequenceColumn = Generated<number>;

/** MLflow 3 logged models: a model logged from a run (or not), with its own artifact location. */
export interface LoggedModelsTable {
  /** `m-` + 32 lowercase hex characters. */
  model_id: string;
  experiment_id: number;
  name: string;
  /** `<experiment artifact_location>/models/<model_id>/artifacts`. */
  artifact_location: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  /** The LoggedModelStatus name (LOGGED_MODEL_PENDING, LOGGED_MODEL_READY, LOGGED_MODEL_UPLOAD_FAILED). */
  status: string;
  /** 'active' | 'deleted' (deletion is soft). */
  lifecycle_stage: string;
  /** '' when not given. */
  model_type: string;
  /** '' when not given. */
  source_run_id: string;
  status_message: string | null;
}

export interface LoggedModelTagsTable {
  sequence: SequenceColumn;
  model_id: string;
  key: string;
  value: string;
}

export interface LoggedModelParamsTable {
  sequence: SequenceColumn;
  model_id: string;
  key: string;
  value: string;
}

/** Metric points logged with a `model_id` (by a run); identical points are stored once. */
export interface LoggedModelMetricsTable {
  sequence: SequenceColumn;
  model_id: string;
  /** The run that logged the point. */
  run_uuid: string;
  key: string;
  /** 0 when `is_nan` is 1. */
  value: number;
  is_nan: number;
  timestamp: Int64Column;
  step: Int64Column;
  /** '' when the point names no dataset. */
  dataset_name: string;
  dataset_digest: string;
}

/** Which logged models a run produced (runs/outputs), at which step. */
export interface RunModelOutputsTable {
  sequence: SequenceColumn;
  run_uuid: string;
  model_id: string;
  step: Int64Column;
}

/** The logged-model tables, as Kysely sees them. */
export interface LoggedModelTables {
  logged_models: LoggedModelsTable;
  logged_model_tags: LoggedModelTagsTable;
  logged_model_params: LoggedModelParamsTable;
  logged_model_metrics: LoggedModelMetricsTable;
  run_model_outputs: RunModelOutputsTable;
}
