/**
 * An MLflow int64 value (timestamps, steps). Safe integers are plain numbers; values beyond
 * ±2^53 stay exact as bigints. Both databases hand integers back in this shape (see
 * `normalizeInteger`), and the tracking server writes both as JSON numbers.
 */
export type Int64 = number | bigint;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** A number when the integer is safe in IEEE doubles, else the exact bigint. */
export function normalizeInteger(value: bigint): Int64 {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Orders two int64 values (numbers and bigints compare exactly with `<`). */
export function compareInt64(left: Int64, right: Int64): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Reads an integer column value (number, bigint or decimal string) as an Int64. */
export function readInt64(value: unknown): Int64 {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return normalizeInteger(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return normalizeInteger(BigInt(value));
  throw new TypeError(`Expected an integer column value, got ${typeof value}.`);
}

/** Reads an integer column value that is known to be a safe integer (ids, counts, epoch ms). */
export function readSafeInteger(value: unknown): number {
  const integer = readInt64(value);
  if (typeof integer === 'bigint') throw new RangeError(`Integer ${integer} is beyond 2^53.`);
  return integer;
}
