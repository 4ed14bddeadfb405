import type { ColumnType, Generated } from 'kysely';
import type { Int64 } from '../int64.js';

/** An int64 column: read as a number (or a bigint beyond 2^53), written as either. */
type Int64Column = ColumnType<Int64, Int64, Int64>;
/** An autoincrement key that orders rows by insertion (tag and param lists keep that order). */
type SequenceColumn = Generated<number>;

export interface ExperimentsTable {
  experiment_id: ColumnType<number, number | undefined, never>;
  name: string;
  artifact_location: string;
  /** 'active' | 'deleted' */
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  sequence: SequenceColumn;
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  /** 32 lowercase hex characters. */
  run_uuid: string;
  /** Kept equal to the run's `mlflow.runName` tag. */
  name: string;
  experiment_id: number;
  user_id: string;
  /** The RunStatus name: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED. */
  status: string;
  start_time: Int64Column;
  end_time: ColumnType<Int64 | null, Int64 | null | undefined, Int64 | null>;
  deleted_time: ColumnType<number | null, number | null | undefined, number | null>;
  /** 'active' | 'deleted' */
  lifecycle_stage: string;
  artifact_uri: string;
}

export interface RunTagsTable {
  sequence: SequenceColumn;
  run_uuid: string;
  key: string;
  value: string;
}

export interface RunParamsTable {
  sequence: SequenceColumn;
  run_uuid: string;
  key: string;
  value: string;
}

/** Every logged metric point; identical points are stored once (the primary key is the whole row). */
export interface RunMetricsTable {
  run_uuid: string;
  key: string;
  /** 0 when `is_nan` is 1. */
  value: number;
  timestamp: Int64Column;
  step: Int64Column;
  /** 1 for NaN (SQLite cannot store NaN), else 0. */
  is_nan: number;
}

/** Per run and key, the point with the greatest (step, timestamp, value): what searches compare. */
export interface RunLatestMetricsTable extends RunMetricsTable {
  sequence: SequenceColumn;
}

/** Datasets, de-duplicated per experiment by (name, digest). */
export interface DatasetsTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

/** Edges from an input (a dataset, later a logged model) to what consumed it (a run). */
export interface InputsTable {
  sequence: SequenceColumn;
  input_uuid: string;
  /** 'DATASET' */
  source_type: string;
  source_id: string;
  /** 'RUN' */
  destination_type: string;
  destination_id: string;
}

export interface InputTagsTable {
  sequence: SequenceColumn;
  input_uuid: string;
  name: string;
  value: string;
}

/** The tracking tables, as Kysely sees them. */
export interface TrackingTables {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_tags: RunTagsTable;
  run_params: RunParamsTable;
  run_metrics: RunMetricsTable;
  run_latest_metrics: RunLatestMetricsTable;
  datasets: DatasetsTable;
  inputs: InputsTable;
  input_tags: InputTagsTable;
}
