import { MillraceError } from '@millrace/core';

/** Below this depth the scan gives up and lets the converting serialiser (and its cycle check) decide. */
const MAXIMUM_SCAN_DEPTH = 64;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * True when `value` holds something `JSON.stringify` would get wrong on its own: bigints (it
 * throws), binary data and typed arrays (it writes `{"0": ...}`), Maps and Sets (it writes `{}`),
 * or any other non-plain object. NaN, ±Infinity and Dates need nothing: `JSON.stringify` already
 * writes `null` and ISO strings. The scan only reads types and stops at the first hit.
 */
function needsConversion(value: unknown, depth: number): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAXIMUM_SCAN_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if ((typeof item === 'object' && item !== null) || typeof item === 'bigint') {
        if (needsConversion(item, depth + 1)) return true;
      }
    }
    return false;
  }
  if (!isPlainObject(value)) return !(value instanceof Date);
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if ((typeof item === 'object' && item !== null) || typeof item === 'bigint') {
      if (needsConversion(item, depth + 1)) return true;
    }
  }
  return false;
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function bigintToJson(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

/**
 * The replacer of the converting path. It reads `this[key]` (the value before `toJSON`), because a
 * Buffer's own `toJSON` would already have turned it into `{"type": "Buffer", "data": [...]}`.
 */
function convertValue(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return bigintToJson(value);
  const original = (this as Record<string, unknown>)[key];
  if (typeof original !== 'object' || original === null) return value;
  if (original instanceof Uint8Array) return bytesToBase64(original);
  if (original instanceof ArrayBuffer) return bytesToBase64(new Uint8Array(original));
  if (ArrayBuffer.isView(original)) {
    return original instanceof BigInt64Array || original instanceof BigUint64Array
      ? Array.from(original, bigintToJson)
      : Array.from(original as unknown as ArrayLike<number>);
  }
  if (original instanceof Map) return Object.fromEntries(original);
  if (original instanceof Set) return Array.from(original);
  return value;
}

/**
 * Serialises a model output as strict JSON: NaN and ±Infinity become `null`, Dates ISO strings,
 * Buffers/Uint8Arrays/ArrayBuffers base64 without line breaks, other typed arrays and Sets arrays,
 * Maps objects, bigints numbers (or decimal strings beyond 2^53). Plain JSON data — the usual
 * output — goes through the native `JSON.stringify` without a replacer; a type-only scan decides.
 * `undefined` is written as `null`. An output that cannot be serialised (a cycle) is an
 * INTERNAL_ERROR naming the reason.
 */
export function serializeJson(value: unknown): string {
  try {
    const text = needsConversion(value, 0) ? JSON.stringify(value, convertValue) : JSON.stringify(value);
    return text === undefined ? 'null' : text;
  } catch (error) {
    throw new MillraceError(
      'INTERNAL_ERROR',
      `The model output could not be serialised as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
