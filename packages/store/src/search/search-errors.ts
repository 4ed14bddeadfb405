import { MillraceError } from '@millrace/core';
import type { SearchComparator, SearchComparison, SearchValue } from './search-expression-parser.js';

/** A Python set repr of sorted strings, as MLflow's messages print allowed values: `'{'!=', '='}'`. */
function quotedSet(values: readonly string[]): string {
  return `{${[...values]
    .sort()
    .map((value) => `'${value}'`)
    .join(', ')}}`;
}

export function invalidComparator(comparator: SearchComparator, allowed: readonly string[]): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid comparator '${comparator}' not one of '${quotedSet(allowed)}'`,
  );
}

export function invalidEntity(entity: string, valid: readonly string[]): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid entity type '${entity}'. Valid values are [${valid.map((value) => `'${value}'`).join(', ')}]`,
  );
}

export function invalidAttributeKey(key: string, valid: readonly string[]): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid attribute key '${key}' specified. Valid keys are '${quotedSet(valid)}'`,
  );
}

/** `IS NULL` where it is not supported: MLflow reports the clause as invalid. */
export function unsupportedNullCheck(comparison: SearchComparison): MillraceError {
  const parts = [comparison.identifier.text, 'IS', comparison.comparator === 'IS NULL' ? 'NULL' : 'NOT NULL'];
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid clause(s) in filter string: ${parts.map((part) => `'${part}'`).join(', ')}`,
  );
}

export function expectedNumber(what: string, value: SearchValue | undefined): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Expected numeric value type for ${what}. Found ${value?.text ?? 'nothing'}`,
  );
}

/** A string value was expected: an unquoted word gets MLflow's "not quoted" message. */
export function expectedString(what: string, value: SearchValue | undefined): MillraceError {
  if (value?.kind === 'word') {
    return new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Parameter value is either not quoted or unidentified quote types used for string value ${value.text}. Use either single or double quotes.`,
    );
  }
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Expected a quoted string value for ${what} (e.g. 'my-value'). Got value ${value?.text ?? 'nothing'}`,
  );
}

/** The strings of an IN list, or an error when the value is not a list of quoted strings. */
export function stringList(value: SearchValue | undefined): string[] {
  if (value?.kind === 'list' && value.values.every((item) => item.kind === 'string')) {
    return value.values.map((item) => (item.kind === 'string' ? item.value : ''));
  }
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Expected a list of quoted string values, e.g. ('a', 'b'). Found ${value?.text ?? 'nothing'}`,
  );
}
