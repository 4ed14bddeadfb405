import type { ValidationIssue } from '../http/gateway-http-error.js';

/**
 * Field checks with pydantic v2's lax-mode semantics and error items (type, loc, msg, input, ctx),
 * so 422 answers read like MLflow's. Each returns the accepted (possibly coerced) value, or
 * undefined after pushing an issue.
 */
export type Location = readonly (string | number)[];

function issue(
  issues: ValidationIssue[],
  type: string,
  loc: Location,
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): undefined {
  issues.push(
    ctx === undefined ? { type, loc: [...loc], msg, input } : { type, loc: [...loc], msg, input, ctx },
  );
  return undefined;
}

export function missing(issues: ValidationIssue[], loc: Location, input: unknown): undefined {
  return issue(issues, 'missing', loc, 'Field required', input);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMERIC_STRING = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INTEGER_STRING = /^\s*[+-]?\d+\s*$/;

export interface NumberBounds {
  ge?: number;
  le?: number;
}

function checkBounds(
  value: number,
  loc: Location,
  issues: ValidationIssue[],
  bounds: NumberBounds,
  input: unknown,
): number | undefined {
  if (bounds.ge !== undefined && value < bounds.ge) {
    return issue(
      issues,
      'greater_than_equal',
      loc,
      `Input should be greater than or equal to ${bounds.ge}`,
      input,
      {
        ge: bounds.ge,
      },
    );
  }
  if (bounds.le !== undefined && value > bounds.le) {
    return issue(
      issues,
      'less_than_equal',
      loc,
      `Input should be less than or equal to ${bounds.le}`,
      input,
      {
        le: bounds.le,
      },
    );
  }
  return value;
}

/** A number; numeric strings are coerced (pydantic lax mode). */
export function checkFloat(
  value: unknown,
  loc: Location,
  issues: ValidationIssue[],
  bounds: NumberBounds = {},
): number | undefined {
  if (typeof value === 'number') return checkBounds(value, loc, issues, bounds, value);
  if (typeof value === 'string') {
    if (!NUMERIC_STRING.test(value)) {
      return issue(
        issues,
        'float_parsing',
        loc,
        'Input should be a valid number, unable to parse string as a number',
        value,
      );
    }
    return checkBounds(Number(value), loc, issues, bounds, value);
  }
  return issue(issues, 'float_type', loc, 'Input should be a valid number', value);
}

/** An integer; integral floats and integer strings are coerced (pydantic lax mode). */
export function checkInteger(
  value: unknown,
  loc: Location,
  issues: ValidationIssue[],
  bounds: NumberBounds = {},
): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      return issue(
        issues,
        'int_from_float',
        loc,
        'Input should be a valid integer, got a number with a fractional part',
        value,
      );
    }
    return checkBounds(value, loc, issues, bounds, value);
  }
  if (typeof value === 'string') {
    if (!INTEGER_STRING.test(value)) {
      return issue(
        issues,
        'int_parsing',
        loc,
        'Input should be a valid integer, unable to parse string as an integer',
        value,
      );
    }
    return checkBounds(Number(value), loc, issues, bounds, value);
  }
  return issue(issues, 'int_type', loc, 'Input should be a valid integer', value);
}

const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** A boolean; pydantic's lax strings (`yes`, `off`, …) and 0/1 are coerced. */
export function checkBoolean(value: unknown, loc: Location, issues: ValidationIssue[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowered = value.toLowerCase();
    if (TRUE_STRINGS.has(lowered)) return true;
    if (FALSE_STRINGS.has(lowered)) return false;
    return issue(
      issues,
      'bool_parsing',
      loc,
      'Input should be a valid boolean, unable to interpret input',
      value,
    );
  }
  if (value === 0 || value === 1) return value === 1;
  return issue(issues, 'bool_type', loc, 'Input should be a valid boolean', value);
}

export function checkString(value: unknown, loc: Location, issues: ValidationIssue[]): string | undefined {
  if (typeof value === 'string') return value;
  return issue(issues, 'string_type', loc, 'Input should be a valid string', value);
}

export function checkObject(
  value: unknown,
  loc: Location,
  issues: ValidationIssue[],
): Record<string, unknown> | undefined {
  if (isPlainObject(value)) return value;
  return issue(issues, 'dict_type', loc, 'Input should be a valid dictionary', value);
}

export function checkList(
  value: unknown,
  loc: Location,
  issues: ValidationIssue[],
  minimumLength = 0,
): unknown[] | undefined {
  if (!Array.isArray(value)) return issue(issues, 'list_type', loc, 'Input should be a valid list', value);
  if (value.length < minimumLength) {
    return issue(
      issues,
      'too_short',
      loc,
      `List should have at least ${minimumLength} item${minimumLength === 1 ? '' : 's'} after validation, not ${value.length}`,
      value,
      { field_type: 'List', min_length: minimumLength, actual_length: value.length },
    );
  }
  return value;
}

export function checkStringList(
  value: unknown,
  loc: Location,
  issues: ValidationIssue[],
  minimumLength = 0,
): string[] | undefined {
  const list = checkList(value, loc, issues, minimumLength);
  if (list === undefined) return undefined;
  const before = issues.length;
  list.forEach((item, index) => checkString(item, [...loc, index], issues));
  return issues.length === before ? (list as string[]) : undefined;
}

export function literalError(
  issues: ValidationIssue[],
  loc: Location,
  input: unknown,
  allowed: readonly string[],
): undefined {
  const quoted = allowed.map((value) => `'${value}'`);
  const expected =
    quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)!}`;
  return issue(issues, 'literal_error', loc, `Input should be ${expected}`, input, { expected });
}

export function rootNotObject(issues: ValidationIssue[], input: unknown): undefined {
  return issue(
    issues,
    'model_attributes_type',
    ['body'],
    'Input should be a valid dictionary or object to extract fields from',
    input,
  );
}
