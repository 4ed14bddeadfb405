import { invalidSignature } from './signature-error.js';

/** What values a numpy dtype holds, for checking tensor elements. */
export type TensorDtypeInfo =
  | { kind: 'bool' }
  | { kind: 'int'; bits: 8 | 16 | 32 | 64; signed: boolean }
  | { kind: 'float'; bits: 16 | 32 | 64 | 128 }
  | { kind: 'complex' }
  | { kind: 'str' }
  | { kind: 'bytes' }
  | { kind: 'object' }
  | { kind: 'datetime' }
  | { kind: 'timedelta' };

const FIXED_DTYPES: Record<string, TensorDtypeInfo> = {
  bool: { kind: 'bool' },
  int8: { kind: 'int', bits: 8, signed: true },
  int16: { kind: 'int', bits: 16, signed: true },
  int32: { kind: 'int', bits: 32, signed: true },
  int64: { kind: 'int', bits: 64, signed: true },
  uint8: { kind: 'int', bits: 8, signed: false },
  uint16: { kind: 'int', bits: 16, signed: false },
  uint32: { kind: 'int', bits: 32, signed: false },
  uint64: { kind: 'int', bits: 64, signed: false },
  float16: { kind: 'float', bits: 16 },
  float32: { kind: 'float', bits: 32 },
  float64: { kind: 'float', bits: 64 },
  float128: { kind: 'float', bits: 128 },
  complex64: { kind: 'complex' },
  complex128: { kind: 'complex' },
  complex256: { kind: 'complex' },
  str: { kind: 'str' },
  '<U0': { kind: 'str' },
  bytes: { kind: 'bytes' },
  '|S0': { kind: 'bytes' },
  object: { kind: 'object' },
};

const TIME_DTYPE = /^(datetime64|timedelta64)(?:\[(?:Y|M|W|D|h|m|s|ms|us|ns|ps|fs|as)\])?$/;
const SIZED_FLEXIBLE_DTYPE = /^[<>|=]?[USa](\d+)$/;

/** The kind of a tensor dtype name, or undefined when Millrace does not know it. */
export function describeTensorDtype(dtype: string): TensorDtypeInfo | undefined {
  const fixed = FIXED_DTYPES[dtype];
  if (fixed !== undefined) {
    return fixed;
  }
  const time = TIME_DTYPE.exec(dtype);
  if (time !== null) {
    return { kind: time[1] === 'datetime64' ? 'datetime' : 'timedelta' };
  }
  return undefined;
}

/**
 * Checks a TensorSpec dtype: a numpy dtype name as MLflow writes it (`float32`, `int64`, `bool`,
 * `object`, `str`/`<U0`, `bytes`/`|S0`, `datetime64[ns]`, …). Sized flexible types (`<U10`) are
 * refused, as MLflow refuses them.
 */
export function checkTensorDtype(dtype: string, where: string): void {
  const sized = SIZED_FLEXIBLE_DTYPE.exec(dtype);
  if (sized !== null && Number(sized[1]) > 0) {
    throw invalidSignature(
      `Invalid ${where}: dtype '${dtype}' carries a size; flexible numpy types must be unsized ('str' or 'bytes').`,
    );
  }
  if (describeTensorDtype(dtype) === undefined) {
    throw invalidSignature(
      `Invalid ${where}: unsupported tensor dtype '${dtype}'; expected a numpy dtype name such as ` +
        `${Object.keys(FIXED_DTYPES).join(', ')}, datetime64[ns] or timedelta64[ns].`,
    );
  }
}
