/** TraceInfoV3.State by name; the index is the proto number. */
export const TRACE_STATES = ['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;
export type TraceState = (typeof TRACE_STATES)[number];

/** The trace tag the server sets on start: where the client uploads `traces.json`. */
export const TRACE_ARTIFACT_LOCATION_TAG = 'mlflow.artifactLocation';
/** The trace metadata the server sets on start (MLflow's internal marker). */
export const TRACE_INFO_FINALIZED_METADATA = 'mlflow.trace.infoFinalized';
/** The tag `name` filters and orders on. */
export const TRACE_NAME_TAG = 'mlflow.traceName';
/** The metadata `run_id` filters on. */
export const TRACE_SOURCE_RUN_METADATA = 'mlflow.sourceRun';

/** An MLflow 3 trace's info (TraceInfoV3), with times in epoch milliseconds. */
export interface TraceInfo {
  /** The client's id, `tr-` + 32 hex from the SDKs. */
  traceId: string;
  /** The experiment the trace is logged to (the only location kind this store keeps). */
  experimentId: string;
  clientRequestId?: string;
  /** At most 1000 characters. */
  requestPreview?: string;
  responsePreview?: string;
  /** When the trace started, epoch milliseconds. */
  requestTimeMs: number;
  /** How long it ran, milliseconds; absent when the client sent none. */
  executionDurationMs?: number;
  state: TraceState;
  /** Set when the trace is started, then immutable. */
  traceMetadata: Record<string, string>;
  /** Mutable; includes `mlflow.artifactLocation`. */
  tags: Record<string, string>;
}
