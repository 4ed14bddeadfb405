import { MillraceError } from '@millrace/core';
import { jsonValueType } from './json-value-type.js';

/** Reads a body's top-level `stream` value: a boolean, or null/absent for "no". */
export function readStreamFlag(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw MillraceError.badRequest(`Invalid input. 'stream' must be a boolean, got ${jsonValueType(value)}.`);
}
