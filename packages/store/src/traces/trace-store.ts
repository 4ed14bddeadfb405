import type { Page } from '../tracking/tracking-entities.js';
import type { TraceInfo, TraceState } from './trace-entities.js';

export interface StartTraceInput {
  /** The client's trace id: a letter or digit, then letters, digits, `_` or `-` (at most 255). */
  traceId: string;
  /** An existing, active experiment. */
  experimentId: string;
  clientRequestId?: string;
  /** Longer previews are cut to 1000 characters. */
  requestPreview?: string;
  responsePreview?: string;
  requestTimeMs: number;
  executionDurationMs?: number;
  /** Default STATE_UNSPECIFIED. */
  state?: TraceState;
  traceMetadata?: Record<string, string>;
  tags?: Record<string, string>;
}

export interface SearchTracesQuery {
  /** At least one. */
  experimentIds: string[];
  filter?: string;
  /** Default 100, at most 500. */
  maxResults?: number;
  /** Default: newest first (`timestamp_ms DESC`), then `request_id ASC`. */
  orderBy?: string[];
  pageToken?: string;
}

/** Deletes either the given traces or the oldest ones up to a time; never both. */
export interface DeleteTracesInput {
  experimentId: string;
  /** Traces that started at or before this time (epoch ms)... */
  maxTimestampMillis?: number;
  /** ...at most this many of them, oldest first. */
  maxTraces?: number;
  /** Or exactly these traces (of the experiment). */
  traceIds?: string[];
}

/**
 * MLflow 3 traces (tracking spec §2.11, §3.4.5, §3.7.1): trace infos with tags and metadata; span
 * data lives in the artifact store as `traces.json` under the trace's `mlflow.artifactLocation`.
 * Errors are `MillraceError`s: RESOURCE_DOES_NOT_EXIST for unknown traces and tags,
 * INVALID_PARAMETER_VALUE for refused input.
 */
export interface TraceStore {
  /**
   * Records a trace (clients call this once, at trace end). Sets the tag
   * `mlflow.artifactLocation` = `<experiment artifact_location>/traces/<trace_id>/artifacts` and
   * the metadata `mlflow.trace.infoFinalized`. Starting a trace id again updates it (upsert).
   */
  startTrace(input: StartTraceInput): Promise<TraceInfo>;
  getTraceInfo(traceId: string): Promise<TraceInfo>;
  /** The known traces among the ids, in the order asked; unknown ids are left out. */
  batchGetTraceInfos(traceIds: readonly string[]): Promise<TraceInfo[]>;
  searchTraces(query: SearchTracesQuery): Promise<Page<TraceInfo>>;
  /** Hard delete; answers how many traces were deleted. */
  deleteTraces(input: DeleteTracesInput): Promise<number>;
  /** Inserts or overwrites a tag (values longer than 8000 characters are cut). */
  setTraceTag(traceId: string, key: string, value: string): Promise<void>;
  /** A tag that is not set is RESOURCE_DOES_NOT_EXIST. */
  deleteTraceTag(traceId: string, key: string): Promise<void>;
}
