import { MillraceError } from '@millrace/core';

/**
 * Readers for the server's JSON answers. They are lenient about absent fields (proto3 leaves
 * unset fields out) and strict about wrong types, which would mean the server is not a tracking
 * server.
 */
export type WireRecord = Record<string, unknown>;

function malformed(what: string, value: unknown): MillraceError {
  return new MillraceError(
    'INTERNAL_ERROR',
    `The server's answer is not what a tracking server sends: ${what} is ${JSON.stringify(value)?.slice(0, 200) ?? String(value)}.`,
  );
}

export function asRecord(value: unknown, what: string): WireRecord {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as WireRecord;
  throw malformed(what, value);
}

/** A nested message, `{}` when absent. */
export function recordField(record: WireRecord, key: string): WireRecord {
  const value = record[key];
  return value === undefined || value === null ? {} : asRecord(value, key);
}

export function optionalString(record: WireRecord, key: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw malformed(key, value);
}

export function stringField(record: WireRecord, key: string, fallback = ''): string {
  return optionalString(record, key) ?? fallback;
}

/** int64 / double fields: JSON numbers, numeric strings, and MLflow's `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export function optionalNumber(record: WireRecord, key: string): number | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    const parsed = Number(value);
    if (value.trim() !== '' && !Number.isNaN(parsed)) return parsed;
  }
  throw malformed(key, value);
}

export function numberField(record: WireRecord, key: string, fallback = 0): number {
  return optionalNumber(record, key) ?? fallback;
}

export function optionalBoolean(record: WireRecord, key: string): boolean | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw malformed(key, value);
}

/** A repeated field, `[]` when absent. */
export function listField(record: WireRecord, key: string): unknown[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw malformed(key, value);
}

/** `[{key, value}]` lists as a map (a later duplicate wins). */
export function keyValueMap(record: WireRecord, key: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of listField(record, key)) {
    const entry = asRecord(item, key);
    const entryKey = optionalString(entry, 'key');
    if (entryKey !== undefined) map[entryKey] = stringField(entry, 'value');
  }
  return map;
}

/** The next page token, undefined when there is no further page. */
export function nextPageToken(record: WireRecord): string | undefined {
  const token = optionalString(record, 'next_page_token');
  return token === undefined || token === '' ? undefined : token;
}
