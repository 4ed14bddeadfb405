import { MillraceError } from '../errors/millrace-error.js';
import {
  formatPythonRepr,
  formatPythonSetRepr,
  formatPythonTupleRepr,
} from '../python-compat/python-repr.js';
import { formatParamSpec } from '../signature/format-schema.js';
import type { ParamSchema, ParamSpec } from '../signature/types.js';
import { describeValueType } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { parseIsoDatetime } from '../values/parse-iso-datetime.js';
import { convertParamValue } from './convert-param-value.js';

/** The params handed to the model and the warnings to log. */
export interface EnforcedParams {
  params: Record<string, unknown>;
  warnings: string[];
}

function copyDefault(value: unknown): unknown {
  if (typeof value === 'string' || value === null || typeof value !== 'object') {
    return value;
  }
  return structuredClone(value);
}

/** A spec's default as the model receives it: datetimes as Dates, containers copied. */
function defaultValue(spec: ParamSpec): unknown {
  if (spec.type === 'datetime' && spec.default !== null) {
    const toDate = (item: unknown): unknown =>
      typeof item === 'string' ? (parseIsoDatetime(item) ?? item) : item;
    return Array.isArray(spec.default) ? spec.default.map(toDate) : toDate(spec.default);
  }
  return copyDefault(spec.default);
}

function ignoredWithoutSchema(params: unknown): EnforcedParams {
  const empty =
    params === null || params === undefined || (isPlainObject(params) && Object.keys(params).length === 0);
  if (empty) {
    return { params: {}, warnings: [] };
  }
  const given = isPlainObject(params)
    ? formatPythonRepr(Object.keys(params))
    : `a value of type ${describeValueType(params)}`;
  return {
    params: {},
    warnings: [
      '`params` can only be specified at inference time if the model signature defines a params schema. ' +
        `This model does not define a params schema. Ignoring provided params: ${given}`,
    ],
  };
}

/**
 * Checks inference params against the params schema (model-format.md §7): without a schema
 * they are ignored with a warning; with one they must be an object, unknown keys are dropped
 * with a warning, missing or null keys take the default, and every value is checked (int
 * accepted for float/double; non-integral numbers refused for integer/long; booleans never
 * numbers; strings never coerced; shape [-1] → a 1-D array; datetime → Date; object → the
 * Object rules). All failures are reported together as INVALID_PARAMETER_VALUE
 * `Invalid parameters found: {('name', '<reason>'), ...}`. Given keys keep their order, then
 * defaults follow in schema order.
 */
export function enforceParams(params: unknown, paramSchema: ParamSchema | null | undefined): EnforcedParams {
  if (paramSchema === null || paramSchema === undefined || paramSchema.length === 0) {
    return ignoredWithoutSchema(params);
  }
  if (params !== null && params !== undefined && !isPlainObject(params)) {
    throw MillraceError.invalidParameterValue(
      `Parameters must be a dictionary. Got type '${describeValueType(params)}'.`,
    );
  }
  const given = params ?? {};
  const specs = new Map(paramSchema.map((spec) => [spec.name, spec]));
  const unknown = Object.keys(given).filter((name) => !specs.has(name));
  const warnings =
    unknown.length > 0
      ? [
          `Unrecognized params ${formatPythonRepr(unknown)} are ignored for inference. Supported params are: ` +
            `${formatPythonSetRepr([...specs.keys()])}.`,
        ]
      : [];
  const result: Record<string, unknown> = {};
  const failures = new Map<string, string>();
  for (const [name, value] of Object.entries(given)) {
    const spec = specs.get(name);
    if (spec === undefined) {
      continue;
    }
    if (value === null || value === undefined) {
      result[name] = defaultValue(spec);
      continue;
    }
    const conversion = convertParamValue(value, spec);
    if (conversion.ok) {
      result[name] = conversion.value;
    } else {
      failures.set(
        name,
        `Failed to validate type and shape for ${formatParamSpec(spec)}, error: ${conversion.reason}`,
      );
    }
  }
  if (failures.size > 0) {
    const tuples = paramSchema
      .filter((spec) => failures.has(spec.name))
      .map((spec) => formatPythonTupleRepr([spec.name, failures.get(spec.name)]));
    throw MillraceError.invalidParameterValue(`Invalid parameters found: {${tuples.join(', ')}}`);
  }
  for (const spec of paramSchema) {
    if (!Object.hasOwn(result, spec.name)) {
      result[spec.name] = defaultValue(spec);
    }
  }
  return { params: result, warnings };
}
