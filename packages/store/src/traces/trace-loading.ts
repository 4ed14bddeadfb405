import type { Selectable } from 'kysely';
import type { TraceInfoTable } from '../database/trace-tables.js';
import { readSafeInteger } from '../int64.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import { TRACE_STATES, type TraceInfo, type TraceState } from './trace-entities.js';

export type TraceInfoRow = Selectable<TraceInfoTable>;

function toState(status: string): TraceState {
  return (TRACE_STATES as readonly string[]).includes(status) ? (status as TraceState) : 'STATE_UNSPECIFIED';
}

async function keyValuesByTrace(
  db: QueryExecutor,
  table: 'trace_tags' | 'trace_request_metadata',
  traceIds: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const byTrace = new Map<string, Record<string, string>>();
  for (const ids of chunk(traceIds)) {
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom(table)
      .select(['request_id', 'key', 'value'])
      .where('request_id', 'in', ids)
      .orderBy('sequence')
      .execute();
    for (const row of rows) {
      const entries = byTrace.get(row.request_id) ?? {};
      entries[row.key] = row.value;
      byTrace.set(row.request_id, entries);
    }
  }
  return byTrace;
}

/** The trace infos of the rows, with their tags and metadata, in the rows' order. */
export async function loadTraceInfos(db: QueryExecutor, rows: readonly TraceInfoRow[]): Promise<TraceInfo[]> {
  const ids = rows.map((row) => row.request_id);
  const [tags, metadata] = await Promise.all([
    keyValuesByTrace(db, 'trace_tags', ids),
    keyValuesByTrace(db, 'trace_request_metadata', ids),
  ]);
  return rows.map((row) => ({
    traceId: row.request_id,
    experimentId: String(readSafeInteger(row.experiment_id)),
    ...(row.client_request_id === null ? {} : { clientRequestId: row.client_request_id }),
    ...(row.request_preview === null ? {} : { requestPreview: row.request_preview }),
    ...(row.response_preview === null ? {} : { responsePreview: row.response_preview }),
    requestTimeMs: readSafeInteger(row.timestamp_ms),
    ...(row.execution_time_ms === null
      ? {}
      : { executionDurationMs: readSafeInteger(row.execution_time_ms) }),
    state: toState(row.status),
    traceMetadata: metadata.get(row.request_id) ?? {},
    tags: tags.get(row.request_id) ?? {},
  }));
}
