import { MillraceError } from '@millrace/core';
import type { Int64 } from '../int64.js';
import { pythonFloatRepr } from './python-repr.js';

const NAME_CHARACTERS = /^[/\w.\- :]*$/;
const NAME_CHARACTERS_MESSAGE =
  'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).';

function invalidValue(value: string, parameter: string, reason: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid value ${JSON.stringify(value)} for parameter '${parameter}' supplied: ${reason}`,
  );
}

/** Python's `posixpath.normpath`. */
export function normalizePosixPath(path: string): string {
  if (path === '') return '.';
  const leadingSlashes = path.startsWith('/')
    ? path.startsWith('//') && !path.startsWith('///')
      ? 2
      : 1
    : 0;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    const last = parts[parts.length - 1];
    if (part !== '..' || (leadingSlashes === 0 && parts.length === 0) || last === '..') parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  const joined = '/'.repeat(leadingSlashes) + parts.join('/');
  return joined === '' ? '.' : joined;
}

/** Refuses a value longer than `maximum` characters: `'<label>' exceeds the maximum length of N characters`. */
export function validateLength(value: string, label: string, maximum: number): void {
  if (value.length > maximum) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `'${label}' exceeds the maximum length of ${maximum} characters`,
    );
  }
}

/**
 * The rules for metric, param and tag keys: only `[A-Za-z0-9_-. :/]`, and the key must not
 * name another path when treated as a file path (`../x`, `/x`, `a//b`, `.`).
 * `parameter` names the field in the message (`key`, `name`, `metrics[0].name`).
 */
export function validateEntityKey(key: string, parameter: string): void {
  if (!NAME_CHARACTERS.test(key)) throw invalidValue(key, parameter, NAME_CHARACTERS_MESSAGE);
  const normalized = normalizePosixPath(key);
  if (normalized !== key || normalized === '.' || normalized.startsWith('..') || normalized.startsWith('/')) {
    throw invalidValue(
      key,
      parameter,
      `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalized}'`,
    );
  }
}

/** Metric timestamps are non-negative epoch milliseconds. */
export function validateMetricTimestamp(
  timestamp: Int64,
  parameter: string,
  key: string,
  value: number,
): void {
  if (timestamp < 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid value ${timestamp} for parameter '${parameter}' supplied: metric '${key}' (value=${pythonFloatRepr(value)}). Timestamp must be a nonnegative long (64-bit integer) `,
    );
  }
}

/** Cuts a value to `maximum` characters (MLflow truncates long param and run tag values instead of failing). */
export function truncate(value: string, maximum: number): string {
  return value.length > maximum ? value.slice(0, maximum) : value;
}
