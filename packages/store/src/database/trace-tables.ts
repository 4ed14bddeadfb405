import type { ColumnType, Generated } from 'kysely';
import type { Int64 } from '../int64.js';

/** An int64 column: read as a number (or a bigint beyond 2^53), written as either. */
type Int64Column = ColumnType<Int64, Int64, Int64>;

/** MLflow 3 traces (tracking spec §2.11): one row per trace, keyed by the client's trace id. */
export interface TraceInfoTable {
  /** The trace id (`tr-` + 32 hex from the SDKs); MLflow's column name. */
  request_id: string;
  experiment_id: number;
  /** `request_time`, epoch milliseconds. */
  timestamp_ms: Int64Column;
  /** `execution_duration` in milliseconds; null when the client sent none. */
  execution_time_ms: Int64Column | null;
  /** The TraceInfoV3 state name (OK, ERROR, IN_PROGRESS, STATE_UNSPECIFIED). */
  status: string;
  client_request_id: string | null;
  /** At most 1000 characters (longer previews are cut). */
  request_preview: string | null;
  response_preview: string | null;
}

/** Mutable key/value tags of a trace. */
export interface TraceTagsTable {
  sequence: Generated<number>;
  request_id: string;
  key: string;
  value: string;
}

/** Key/value metadata of a trace, set when the trace is started. */
export interface TraceRequestMetadataTable {
  sequence: Generated<number>;
  request_id: string;
  key: string;
  value: string;
}

/** The trace tables, as Kysely sees them. */
export interface TraceTables {
  trace_info: TraceInfoTable;
  trace_tags: TraceTagsTable;
  trace_request_metadata: TraceRequestMetadataTable;
}
