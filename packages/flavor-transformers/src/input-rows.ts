import { MillraceError, Table } from '@millrace/core';
import { isPlainRecord } from './read-value.js';

/** The rows of a column-based input (what schema enforcement gives): one object per row. */
export function toRows(input: unknown): Array<Record<string, unknown>> {
  if (input instanceof Table) {
    return input.rows;
  }
  if (isPlainRecord(input)) {
    return [input];
  }
  if (Array.isArray(input) && input.every(isPlainRecord)) {
    return input;
  }
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    'The input must be a request object or a list of request rows.',
  );
}

/**
 * The texts of a plain pipeline input: a string, a list of strings, or rows of one string each
 * (what an input schema of one column gives). `batched` is false for a single string.
 */
export function toTexts(input: unknown): { texts: string[]; batched: boolean } {
  if (typeof input === 'string') {
    return { texts: [input], batched: false };
  }
  const items = input instanceof Table ? input.rows : input;
  if (Array.isArray(items)) {
    const texts = items.map((item: unknown) => {
      if (typeof item === 'string') {
        return item;
      }
      const values = isPlainRecord(item) ? Object.values(item) : [];
      if (values.length === 1 && typeof values[0] === 'string') {
        return values[0];
      }
      return undefined;
    });
    if (texts.every((text): text is string => text !== undefined)) {
      return { texts, batched: true };
    }
  }
  throw new MillraceError('INVALID_PARAMETER_VALUE', 'The input must be a string or a list of strings.');
}
