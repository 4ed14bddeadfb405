import type { TraceInfo } from '@millrace/store';
import type { WireValue } from '../http/wire-json.js';

/** A google.protobuf.Timestamp in proto JSON: `2025-06-10T12:00:00Z`, or `.123Z` with milliseconds. */
export function formatTimestamp(epochMillis: number): string {
  return new Date(epochMillis).toISOString().replace('.000Z', 'Z');
}

/** A google.protobuf.Duration in proto JSON: `0.042s`, `1s`. */
export function formatDuration(millis: number): string {
  const seconds = Math.floor(millis / 1000);
  const rest = millis % 1000;
  return rest === 0 ? `${seconds}s` : `${seconds}.${String(rest).padStart(3, '0')}s`;
}

function mapOrUndefined(entries: Record<string, string>): WireValue {
  return Object.keys(entries).length === 0 ? undefined : entries;
}

/** TraceInfoV3 as MLflow writes it (snake_case, enums by name, empty maps left out). */
export function traceInfoToWire(info: TraceInfo): WireValue {
  return {
    trace_id: info.traceId,
    client_request_id: info.clientRequestId,
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: info.experimentId } },
    request_preview: info.requestPreview,
    response_preview: info.responsePreview,
    request_time: formatTimestamp(info.requestTimeMs),
    execution_duration:
      info.executionDurationMs === undefined ? undefined : formatDuration(info.executionDurationMs),
    state: info.state,
    trace_metadata: mapOrUndefined(info.traceMetadata),
    tags: mapOrUndefined(info.tags),
  };
}

/** The V2 TraceInfo (MLflow 2.x trace APIs): epoch/elapsed milliseconds, key/value lists. */
export function traceInfoToV2Wire(info: TraceInfo): WireValue {
  const keyValues = (entries: Record<string, string>): WireValue => {
    const list = Object.entries(entries).map(([key, value]) => ({ key, value }));
    return list.length === 0 ? undefined : list;
  };
  return {
    request_id: info.traceId,
    experiment_id: info.experimentId,
    timestamp_ms: info.requestTimeMs,
    execution_time_ms: info.executionDurationMs,
    status: info.state === 'STATE_UNSPECIFIED' ? 'TRACE_STATUS_UNSPECIFIED' : info.state,
    request_metadata: keyValues(info.traceMetadata),
    tags: keyValues(info.tags),
  };
}
