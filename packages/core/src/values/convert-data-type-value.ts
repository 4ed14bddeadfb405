import type { DataTypeName } from '../signature/types.js';
import { decodeBase64 } from './decode-base64.js';
import { describeValueType, formatShortValue } from './describe-value.js';
import { parseIsoDatetime } from './parse-iso-datetime.js';

/** The result of converting a value to a signature type: the converted value, or why not. */
export type ValueConversion = { ok: true; value: unknown } | { ok: false; reason: string };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The largest finite float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

function unsafe(value: unknown, type: string): ValueConversion {
  return {
    ok: false,
    reason: `Can not safely convert \`${describeValueType(value)}\` to \`${type}\` for value \`${formatShortValue(value)}\``,
  };
}

function outOfRange(value: unknown, type: string, range: string): ValueConversion {
  return {
    ok: false,
    reason: `Value \`${formatShortValue(value)}\` is out of range for \`${type}\` (${range})`,
  };
}

function convertInteger(value: unknown): ValueConversion {
  if (typeof value === 'bigint') {
    return value >= BigInt(INT32_MIN) && value <= BigInt(INT32_MAX)
      ? { ok: true, value: Number(value) }
      : outOfRange(value, 'integer', 'a 32-bit signed integer');
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return unsafe(value, 'integer');
  }
  return value >= INT32_MIN && value <= INT32_MAX
    ? { ok: true, value }
    : outOfRange(value, 'integer', 'a 32-bit signed integer');
}

function convertLong(value: unknown): ValueConversion {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX) {
      return outOfRange(value, 'long', 'a 64-bit signed integer');
    }
    const asNumber = Number(value);
    return { ok: true, value: Number.isSafeInteger(asNumber) ? asNumber : value };
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return unsafe(value, 'long');
  }
  return Number.isSafeInteger(value)
    ? { ok: true, value }
    : outOfRange(value, 'long', 'integers beyond ±(2^53 - 1) lose precision as JSON numbers');
}

function convertFloating(value: unknown, type: 'float' | 'double'): ValueConversion {
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number') {
    return unsafe(value, type);
  }
  if (type === 'float' && Number.isFinite(number) && Math.abs(number) > FLOAT32_MAX) {
    return outOfRange(value, 'float', 'a 32-bit float');
  }
  return { ok: true, value: number };
}

function convertBinary(value: unknown): ValueConversion {
  if (value instanceof Uint8Array) {
    return { ok: true, value };
  }
  if (typeof value !== 'string') {
    return unsafe(value, 'binary');
  }
  const decoded = decodeBase64(value);
  return decoded === undefined
    ? { ok: false, reason: `Invalid base64-encoded string for \`binary\`: \`${formatShortValue(value)}\`` }
    : { ok: true, value: decoded };
}

function convertDatetime(value: unknown): ValueConversion {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { ok: true, value: new Date(value.getTime()) };
  }
  const parsed = typeof value === 'string' ? parseIsoDatetime(value) : undefined;
  return parsed === undefined
    ? {
        ok: false,
        reason: `Failed to convert value \`${formatShortValue(value)}\` from type \`${describeValueType(value)}\` to \`datetime\`: expected an ISO-8601 date or date-time string`,
      }
    : { ok: true, value: parsed };
}

/**
 * Converts one non-null value to a signature DataType with Millrace's typing rules, which are
 * stricter than MLflow's pandas casts: booleans must be booleans, integers integral and in
 * range, strings strings; float/double take any number; binary takes base64 text (decoded to
 * a Buffer) or bytes; datetime takes an ISO-8601 string or a Date (→ Date).
 */
export function convertDataTypeValue(value: unknown, type: DataTypeName): ValueConversion {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : unsafe(value, type);
    case 'integer':
      return convertInteger(value);
    case 'long':
      return convertLong(value);
    case 'float':
    case 'double':
      return convertFloating(value, type);
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : unsafe(value, type);
    case 'binary':
      return convertBinary(value);
    case 'datetime':
      return convertDatetime(value);
  }
}
