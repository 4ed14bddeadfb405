import { formatPythonFloatRepr, formatPythonNumber } from './python-float.js';
import { PythonDict, PythonFloat } from './python-json.js';

/** Characters Python's `str.isprintable()` rejects (besides the ASCII controls handled first). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16);
  if (codePoint <= 0xff) {
    return `\\x${hex.padStart(2, '0')}`;
  }
  if (codePoint <= 0xffff) {
    return `\\u${hex.padStart(4, '0')}`;
  }
  return `\\U${hex.padStart(8, '0')}`;
}

/** Python's `repr(str)`: single quotes unless the text has a `'` and no `"`. */
export function formatPythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let output = quote;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (character === quote || character === '\\') {
      output += `\\${character}`;
    } else if (character === '\t') {
      output += '\\t';
    } else if (character === '\n') {
      output += '\\n';
    } else if (character === '\r') {
      output += '\\r';
    } else if (codePoint < 0x20 || codePoint === 0x7f) {
      output += escapeCodePoint(codePoint);
    } else if (codePoint < 0x7f || character === ' ' || !NON_PRINTABLE.test(character)) {
      output += character;
    } else {
      output += escapeCodePoint(codePoint);
    }
  }
  return output + quote;
}

/**
 * Python's `repr()` of a JSON-like value: `None`, `True`, `'text'`, `[1, 'a']`, `{'k': 1.5}`.
 * Safe integers print as ints, other numbers (and `PythonFloat`s) as floats.
 */
export function formatPythonRepr(value: unknown): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (value === true) {
    return 'True';
  }
  if (value === false) {
    return 'False';
  }
  if (typeof value === 'number') {
    return formatPythonNumber(value);
  }
  if (value instanceof PythonFloat) {
    return formatPythonFloatRepr(value.value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string') {
    return formatPythonStringRepr(value);
  }
  if (value instanceof PythonDict) {
    return `{${value.entries.map(([key, item]) => `${formatPythonStringRepr(key)}: ${formatPythonRepr(item)}`).join(', ')}}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => formatPythonRepr(item)).join(', ')}]`;
  }
  if (value instanceof Date) {
    return formatPythonStringRepr(value.toISOString());
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([key, item]) => `${formatPythonStringRepr(key)}: ${formatPythonRepr(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** Python's `str()`: like `repr()` except that a string prints as its raw text. */
export function formatPythonStr(value: unknown): string {
  return typeof value === 'string' ? value : formatPythonRepr(value);
}

/** Python's repr of a tuple of values: `(-1, 3)`, `(3,)`, `()`. */
export function formatPythonTupleRepr(values: readonly unknown[]): string {
  if (values.length === 1) {
    return `(${formatPythonRepr(values[0])},)`;
  }
  return `(${values.map((item) => formatPythonRepr(item)).join(', ')})`;
}

/**
 * Python's repr of a set, with a stable order (MLflow's set order changes between processes;
 * ours is the order given): `{'role'}`, `{'a', 'b'}`.
 */
export function formatPythonSetRepr(values: readonly unknown[]): string {
  if (values.length === 0) {
    return 'set()';
  }
  return `{${values.map((item) => formatPythonRepr(item)).join(', ')}}`;
}
