import { MillraceError } from '@millrace/core';
import { parseLosslessJson } from './lossless-json.js';

function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'int';
  return 'float';
}

function parseOrUndefined(text: string): unknown {
  try {
    return parseLosslessJson(text);
  } catch {
    return undefined;
  }
}

/**
 * Decodes an RPC body as MLflow does: a missing, empty, malformed or `null` body is the empty
 * message `{}` (required fields then report themselves missing); a body that decodes to a JSON
 * string is decoded again (double-encoded legacy clients). A body that is valid JSON but not an
 * object (an array, a number) is refused with INVALID_PARAMETER_VALUE; MLflow crashes with a 500.
 */
export function parseLenientJsonBody(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value = parseOrUndefined(text);
  if (typeof value === 'string') value = parseOrUndefined(value);
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid request body: expected a JSON object, got a JSON ${pythonTypeName(value)}.`,
    );
  }
  return value as Record<string, unknown>;
}
