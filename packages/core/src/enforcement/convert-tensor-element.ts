import { describeTensorDtype, type TensorDtypeInfo } from '../signature/tensor-dtype.js';
import { FLOAT32_MAX, type ValueConversion } from '../values/convert-data-type-value.js';
import { describeValueType, formatShortValue } from '../values/describe-value.js';
import { parseIsoDatetime } from '../values/parse-iso-datetime.js';

const FLOAT16_MAX = 65504;

function unsafe(value: unknown, dtype: string): ValueConversion {
  return {
    ok: false,
    reason: `Can not safely convert \`${describeValueType(value)}\` to \`${dtype}\` for value \`${formatShortValue(value)}\``,
  };
}

function integerRange(bits: number, signed: boolean): [bigint, bigint] {
  return signed ? [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n] : [0n, 2n ** BigInt(bits) - 1n];
}

function convertInteger(
  value: unknown,
  info: Extract<TensorDtypeInfo, { kind: 'int' }>,
  dtype: string,
): ValueConversion {
  const [minimum, maximum] = integerRange(info.bits, info.signed);
  if (typeof value === 'bigint') {
    if (value < minimum || value > maximum) {
      return { ok: false, reason: `Value \`${value}\` is out of range for \`${dtype}\`` };
    }
    const asNumber = Number(value);
    return { ok: true, value: Number.isSafeInteger(asNumber) ? asNumber : value };
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return unsafe(value, dtype);
  }
  if (!Number.isSafeInteger(value) || BigInt(value) < minimum || BigInt(value) > maximum) {
    return { ok: false, reason: `Value \`${formatShortValue(value)}\` is out of range for \`${dtype}\`` };
  }
  return { ok: true, value };
}

function convertFloat(value: unknown, bits: number, dtype: string): ValueConversion {
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number') {
    return unsafe(value, dtype);
  }
  const maximum = bits === 16 ? FLOAT16_MAX : bits === 32 ? FLOAT32_MAX : Infinity;
  if (Number.isFinite(number) && Math.abs(number) > maximum) {
    return { ok: false, reason: `Value \`${formatShortValue(value)}\` is out of range for \`${dtype}\`` };
  }
  return { ok: true, value: number };
}

/**
 * Checks one tensor element against a numpy dtype: integers (in range) for int dtypes, any
 * number for float dtypes, booleans for bool, strings for str/object, strings or bytes for
 * bytes, ISO-8601 text or Dates (→ Date) for datetime64.
 */
export function convertTensorElement(value: unknown, dtype: string): ValueConversion {
  const info = describeTensorDtype(dtype);
  switch (info?.kind) {
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value } : unsafe(value, dtype);
    case 'int':
      return convertInteger(value, info, dtype);
    case 'float':
      return convertFloat(value, info.bits, dtype);
    case 'complex':
      return typeof value === 'number' ? { ok: true, value } : unsafe(value, dtype);
    case 'str':
    case 'object':
      return typeof value === 'string' ? { ok: true, value } : unsafe(value, dtype);
    case 'bytes':
      return typeof value === 'string' || value instanceof Uint8Array
        ? { ok: true, value }
        : unsafe(value, dtype);
    case 'datetime': {
      if (value instanceof Date && !Number.isNaN(value.getTime())) {
        return { ok: true, value: new Date(value.getTime()) };
      }
      const parsed = typeof value === 'string' ? parseIsoDatetime(value) : undefined;
      return parsed === undefined ? unsafe(value, dtype) : { ok: true, value: parsed };
    }
    case 'timedelta':
      return typeof value === 'number' && Number.isInteger(value)
        ? { ok: true, value }
        : unsafe(value, dtype);
    default:
      return { ok: false, reason: `Unsupported tensor dtype \`${dtype}\`` };
  }
}
