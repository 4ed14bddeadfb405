import { MillraceError } from '@millrace/core';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { appendToUri } from '../tracking/artifact-uris.js';
import { findExperimentRow, parseExperimentId, requireActiveExperiment } from '../tracking/experiments.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import { truncate, validateLength } from '../validation/entity-validation.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import {
  TRACE_ARTIFACT_LOCATION_TAG,
  TRACE_INFO_FINALIZED_METADATA,
  type TraceInfo,
} from './trace-entities.js';
import { loadTraceInfos, type TraceInfoRow } from './trace-loading.js';
import type { DeleteTracesInput, StartTraceInput } from './trace-store.js';

/** MLflow's trace_info preview columns hold 1000 characters. */
export const TRACE_PREVIEW_LENGTH = 1000;
/** Trace ids end up in artifact paths: no slashes, dots or other path characters. */
const TRACE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

export function traceNotFound(traceId: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `Trace with ID '${traceId}' not found.`);
}

function validateTraceId(traceId: string): void {
  if (!TRACE_ID.test(traceId)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid trace ID '${truncate(traceId, 100)}'. A trace ID starts with a letter or digit and has only letters, digits, '_' and '-' (at most 255 characters).`,
    );
  }
}

function validateTimeMs(value: number, parameter: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${value} for parameter '${parameter}' supplied: it must be a non-negative time.`,
    );
  }
}

function validatedEntries(entries: Record<string, string> | undefined, what: string): [string, string][] {
  return Object.entries(entries ?? {}).map(([key, value]) => {
    if (key === '') throw new MillraceError('INVALID_PARAMETER_VALUE', `A ${what} key must not be empty.`);
    validateLength(key, `${what} key`, TRACKING_LIMITS.keyLength);
    return [key, truncate(value, TRACKING_LIMITS.runTagValueLength)];
  });
}

export async function findTraceRow(db: QueryExecutor, traceId: string): Promise<TraceInfoRow> {
  const row = await db
    .selectFrom('trace_info')
    .selectAll()
    .where('request_id', '=', traceId)
    .executeTakeFirst();
  if (row === undefined) throw traceNotFound(traceId);
  return row;
}

async function upsertKeyValues(
  db: QueryExecutor,
  table: 'trace_tags' | 'trace_request_metadata',
  traceId: string,
  entries: readonly [string, string][],
): Promise<void> {
  for (const rows of chunk(entries)) {
    if (rows.length === 0) continue;
    await db
      .insertInto(table)
      .values(rows.map(([key, value]) => ({ request_id: traceId, key, value })))
      .onConflict((conflict) =>
        conflict
          .columns(['request_id', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
}

export async function startTrace(context: SqlStoreContext, input: StartTraceInput): Promise<TraceInfo> {
  validateTraceId(input.traceId);
  validateTimeMs(input.requestTimeMs, 'request_time');
  if (input.executionDurationMs !== undefined)
    validateTimeMs(input.executionDurationMs, 'execution_duration');
  const metadata = validatedEntries(input.traceMetadata, 'trace metadata');
  const tags = validatedEntries(input.tags, 'trace tag');
  return context.db.transaction().execute(async (transaction) => {
    const experiment = await findExperimentRow(transaction, input.experimentId);
    requireActiveExperiment(experiment);
    const existing = await transaction
      .selectFrom('trace_info')
      .select(['experiment_id'])
      .where('request_id', '=', input.traceId)
      .executeTakeFirst();
    if (existing !== undefined && Number(existing.experiment_id) !== Number(experiment.experiment_id)) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Trace with ID '${input.traceId}' already exists in another experiment.`,
      );
    }
    const row = {
      timestamp_ms: input.requestTimeMs,
      execution_time_ms: input.executionDurationMs ?? null,
      status: input.state ?? 'STATE_UNSPECIFIED',
      client_request_id: input.clientRequestId ?? null,
      request_preview:
        input.requestPreview === undefined ? null : truncate(input.requestPreview, TRACE_PREVIEW_LENGTH),
      response_preview:
        input.responsePreview === undefined ? null : truncate(input.responsePreview, TRACE_PREVIEW_LENGTH),
    };
    if (existing === undefined) {
      await transaction
        .insertInto('trace_info')
        .values({ request_id: input.traceId, experiment_id: experiment.experiment_id, ...row })
        .execute();
    } else {
      await transaction.updateTable('trace_info').set(row).where('request_id', '=', input.traceId).execute();
    }
    const artifactLocation = appendToUri(experiment.artifact_location, 'traces', input.traceId, 'artifacts');
    await upsertKeyValues(transaction, 'trace_request_metadata', input.traceId, [
      ...metadata,
      [TRACE_INFO_FINALIZED_METADATA, 'true'],
    ]);
    await upsertKeyValues(transaction, 'trace_tags', input.traceId, [
      ...tags,
      [TRACE_ARTIFACT_LOCATION_TAG, artifactLocation],
    ]);
    const [info] = await loadTraceInfos(transaction, [await findTraceRow(transaction, input.traceId)]);
    if (info === undefined) throw traceNotFound(input.traceId);
    return info;
  });
}

export async function getTraceInfo(context: SqlStoreContext, traceId: string): Promise<TraceInfo> {
  const [info] = await loadTraceInfos(context.db, [await findTraceRow(context.db, traceId)]);
  if (info === undefined) throw traceNotFound(traceId);
  return info;
}

export async function batchGetTraceInfos(
  context: SqlStoreContext,
  traceIds: readonly string[],
): Promise<TraceInfo[]> {
  const unique = [...new Set(traceIds)];
  const rows: TraceInfoRow[] = [];
  for (const ids of chunk(unique)) {
    if (ids.length === 0) continue;
    rows.push(
      ...(await context.db.selectFrom('trace_info').selectAll().where('request_id', 'in', ids).execute()),
    );
  }
  const byId = new Map(rows.map((row) => [row.request_id, row]));
  const ordered = unique.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [row];
  });
  return loadTraceInfos(context.db, ordered);
}

export async function deleteTraces(context: SqlStoreContext, input: DeleteTracesInput): Promise<number> {
  const experimentId = parseExperimentId(input.experimentId);
  const byTime = input.maxTimestampMillis !== undefined;
  const byIds = input.traceIds !== undefined && input.traceIds.length > 0;
  if (byTime === byIds) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      'Exactly one of `max_timestamp_millis` and `request_ids` must be specified.',
    );
  }
  if (!byTime && input.maxTraces !== undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      '`max_traces` can only be specified with `max_timestamp_millis`.',
    );
  }
  if (input.maxTraces !== undefined && (!Number.isSafeInteger(input.maxTraces) || input.maxTraces <= 0)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${input.maxTraces} for parameter 'max_traces' supplied. It must be a positive integer`,
    );
  }
  return context.db.transaction().execute(async (transaction) => {
    let ids: string[];
    if (byTime) {
      let query = transaction
        .selectFrom('trace_info')
        .select('request_id')
        .where('experiment_id', '=', experimentId)
        .where('timestamp_ms', '<=', input.maxTimestampMillis ?? 0)
        .orderBy('timestamp_ms', 'asc')
        .orderBy('request_id', 'asc');
      if (input.maxTraces !== undefined) query = query.limit(input.maxTraces);
      ids = (await query.execute()).map((row) => row.request_id);
    } else {
      ids = [];
      for (const batch of chunk([...new Set(input.traceIds)])) {
        const rows = await transaction
          .selectFrom('trace_info')
          .select('request_id')
          .where('experiment_id', '=', experimentId)
          .where('request_id', 'in', batch)
          .execute();
        ids.push(...rows.map((row) => row.request_id));
      }
    }
    for (const batch of chunk(ids)) {
      if (batch.length === 0) continue;
      await transaction.deleteFrom('trace_tags').where('request_id', 'in', batch).execute();
      await transaction.deleteFrom('trace_request_metadata').where('request_id', 'in', batch).execute();
      await transaction.deleteFrom('trace_info').where('request_id', 'in', batch).execute();
    }
    return ids.length;
  });
}

export async function setTraceTag(
  context: SqlStoreContext,
  traceId: string,
  key: string,
  value: string,
): Promise<void> {
  const entries = validatedEntries({ [key]: value }, 'trace tag');
  await context.db.transaction().execute(async (transaction) => {
    await findTraceRow(transaction, traceId);
    await upsertKeyValues(transaction, 'trace_tags', traceId, entries);
  });
}

export async function deleteTraceTag(context: SqlStoreContext, traceId: string, key: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findTraceRow(transaction, traceId);
    const result = await transaction
      .deleteFrom('trace_tags')
      .where('request_id', '=', traceId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) {
      throw new MillraceError(
        'RESOURCE_DOES_NOT_EXIST',
        `No trace tag with key '${key}' for trace with ID '${traceId}'`,
      );
    }
  });
}
