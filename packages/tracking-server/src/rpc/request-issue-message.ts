import type { z } from 'zod';
import type { FieldIssue } from './fields.js';

const SEE_API_DOCS = 'See the API docs for more information about request parameters.';

/** `metrics[0].timestamp` for the path ['metrics', 0, 'timestamp']. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let label = '';
  for (const segment of path) {
    if (typeof segment === 'number') label += `[${segment}]`;
    else label += label === '' ? String(segment) : `.${String(segment)}`;
  }
  return label;
}

/** Python's name for the type of a JSON value, as MLflow's hints print it. */
function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float';
    default:
      return 'dict';
  }
}

/** Compact JSON with sorted keys, as MLflow prints a refused value. */
function compactJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(compactJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${compactJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** MLflow's message for the first problem of a request. */
export function requestIssueMessage(issue: z.core.$ZodIssue): string {
  const label = formatFieldPath(issue.path);
  const params: unknown = issue.code === 'custom' ? issue.params : undefined;
  if (isFieldIssue(params)) {
    if (params.kind === 'missing') return `Missing value for required parameter '${label}'. ${SEE_API_DOCS}`;
    const hint = params.detail ?? `Hint: Value was of type '${pythonTypeName(params.value)}'`;
    return `Invalid value ${compactJson(params.value)} for parameter '${label}' supplied:  ${hint}. ${SEE_API_DOCS}`;
  }
  return `Invalid value for parameter '${label}' supplied: ${issue.message}. ${SEE_API_DOCS}`;
}
