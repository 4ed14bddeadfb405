import { formatPythonFloatRepr, formatPythonNumber } from './python-float.js';

/** A number Python holds as a float: written `1.0`, never `1`. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** A dict whose key order is given explicitly (JavaScript objects reorder integer-like keys). */
export class PythonDict {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal as Python's `json.dumps` (ensure_ascii=True) writes it. */
export function formatPythonJsonString(text: string): string {
  let output = '"';
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) {
      output += short;
    } else if (code < 0x20 || code > 0x7e) {
      // UTF-16 code units, so characters outside the BMP come out as surrogate pairs, as in Python.
      output += `\\u${code.toString(16).padStart(4, '0')}`;
    } else {
      output += character;
    }
  }
  return `${output}"`;
}

function formatJsonFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (value === Infinity) {
    return 'Infinity';
  }
  if (value === -Infinity) {
    return '-Infinity';
  }
  return formatPythonFloatRepr(value);
}

/**
 * Serializes a JSON-like value exactly as Python's `json.dumps` does with its defaults:
 * separators `", "` and `": "`, ASCII-only output with `\uXXXX` escapes, `NaN`/`Infinity`
 * tokens, and Python's float formatting. Plain numbers are written as ints when they are safe
 * integers; wrap a number in `PythonFloat` to write it as a float. `PythonDict` keeps key order.
 */
export function dumpPythonJson(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (value === true) {
    return 'true';
  }
  if (value === false) {
    return 'false';
  }
  if (value instanceof PythonFloat) {
    return formatJsonFloat(value.value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? formatPythonNumber(value) : formatJsonFloat(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string') {
    return formatPythonJsonString(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => dumpPythonJson(item)).join(', ')}]`;
  }
  if (value instanceof PythonDict) {
    return `{${value.entries.map(([key, item]) => `${formatPythonJsonString(key)}: ${dumpPythonJson(item)}`).join(', ')}}`;
  }
  if (value instanceof Date) {
    return formatPythonJsonString(value.toISOString());
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${formatPythonJsonString(key)}: ${dumpPythonJson(item)}`).join(', ')}}`;
  }
  throw new TypeError(`Cannot serialize a value of type ${typeof value} as JSON`);
}
