import { MillraceError } from '@millrace/core';

/*
 * Readers for optional request fields: null and undefined mean "not given"; anything else must
 * have the right type or the request is refused with INVALID_PARAMETER_VALUE naming the field.
 */

function invalid(field: string, expectation: string): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', `'${field}' must be ${expectation}.`);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readNumber(
  value: unknown,
  field: string,
  minimum: number,
  maximum = Infinity,
): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < minimum || number > maximum) {
    const range = maximum === Infinity ? `at least ${minimum}` : `between ${minimum} and ${maximum}`;
    throw invalid(field, `a number ${range}`);
  }
  return number;
}

export function readInteger(value: unknown, field: string, minimum: number): number | undefined {
  const number = readNumber(value, field, minimum);
  if (number !== undefined && !Number.isInteger(number)) {
    throw invalid(field, `an integer of at least ${minimum}`);
  }
  return number;
}

export function readBoolean(value: unknown, field: string): boolean | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw invalid(field, 'a boolean');
  }
  return value;
}

export function readString(value: unknown, field: string): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(field, 'a string');
  }
  return value;
}

/** A string or a list of strings (OpenAI accepts both for `stop`); empty strings are dropped. */
export function readStringList(value: unknown, field: string): string[] | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    throw invalid(field, 'a string or a list of strings');
  }
  return (list as string[]).filter((item) => item !== '');
}
