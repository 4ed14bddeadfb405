import type { ValidationIssue } from '../http/gateway-http-error.js';
import {
  checkBoolean,
  checkFloat,
  checkInteger,
  checkObject,
  checkString,
  checkStringList,
  type Location,
} from './field-checks.js';

type FieldCheck = (value: unknown, loc: Location, issues: ValidationIssue[]) => unknown;

/**
 * The typed parameters shared by chat and completions requests (MLflow's schema, incl. the fields
 * typed in later versions); any other field is an extra and is forwarded as sent.
 */
export const COMMON_PARAMETER_CHECKS: Readonly<Record<string, FieldCheck>> = {
  temperature: (value, loc, issues) => checkFloat(value, loc, issues, { ge: 0, le: 2 }),
  n: (value, loc, issues) => checkInteger(value, loc, issues, { ge: 1 }),
  stop: (value, loc, issues) => checkStringList(value, loc, issues, 1),
  max_tokens: (value, loc, issues) => checkInteger(value, loc, issues, { ge: 1 }),
  max_completion_tokens: (value, loc, issues) => checkInteger(value, loc, issues, { ge: 1 }),
  stream: (value, loc, issues) => checkBoolean(value, loc, issues),
  stream_options: (value, loc, issues) => checkObject(value, loc, issues),
  model: (value, loc, issues) => checkString(value, loc, issues),
  top_p: (value, loc, issues) => checkFloat(value, loc, issues, { ge: 0, le: 1 }),
  top_k: (value, loc, issues) => checkInteger(value, loc, issues, { ge: 1 }),
  presence_penalty: (value, loc, issues) => checkFloat(value, loc, issues, { ge: -2, le: 2 }),
  frequency_penalty: (value, loc, issues) => checkFloat(value, loc, issues, { ge: -2, le: 2 }),
};

export const EMBEDDINGS_PARAMETER_CHECKS: Readonly<Record<string, FieldCheck>> = {
  model: (value, loc, issues) => checkString(value, loc, issues),
};

/**
 * Copies a request body for forwarding: top-level nulls dropped (MLflow's `exclude_none`), typed
 * fields checked and coerced, the fields named in `own` left to the caller, extras kept verbatim
 * (except a `__proto__` key, dropped).
 */
export function copyParameters(
  body: Record<string, unknown>,
  checks: Readonly<Record<string, FieldCheck>>,
  own: ReadonlySet<string>,
  issues: ValidationIssue[],
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    const value = body[key];
    // `__proto__` (an own key after JSON.parse) would set the copy's prototype when assigned.
    if (value === null || value === undefined || own.has(key) || key === '__proto__') continue;
    const check = checks[key];
    if (check === undefined) {
      copy[key] = value;
      continue;
    }
    const checked = check(value, ['body', key], issues);
    if (checked !== undefined) copy[key] = checked;
  }
  return copy;
}
