import { z } from 'zod';
import { convertParamValue } from '../enforcement/convert-param-value.js';
import { formatNaiveUtcDatetime } from '../python-compat/python-datetime.js';
import { formatPythonRepr } from '../python-compat/python-repr.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { formatParamSpec } from './format-schema.js';
import { parseObjectProperties } from './parse-type-spec.js';
import { invalidSignature } from './signature-error.js';
import { isDataTypeName } from './spec-guards.js';
import type { ParamSchema, ParamSpec } from './types.js';

const paramShape = z.looseObject({
  name: z.string().min(1),
  type: z.string().optional(),
  dtype: z.string().optional(),
  shape: z.array(z.number()).nullish(),
});

function normalizeDefault(value: unknown): unknown {
  if (value instanceof Date) {
    return formatNaiveUtcDatetime(value, 'T');
  }
  if (Array.isArray(value)) {
    return value.map((item) => (item instanceof Date ? formatNaiveUtcDatetime(item, 'T') : item));
  }
  return value;
}

function parseParamSpec(raw: unknown, index: number): ParamSpec {
  const parsed = paramShape.safeParse(raw);
  if (!parsed.success || !isPlainObject(raw) || !Object.hasOwn(raw, 'default')) {
    const name = isPlainObject(raw) && typeof raw['name'] === 'string' ? ` '${raw['name']}'` : '';
    throw invalidSignature(
      `Invalid param${name} (params schema entry ${index}): a ParamSpec needs a non-empty string 'name', a 'type' ` +
        `and a 'default' (null allowed), and 'shape' null or [-1].`,
    );
  }
  const { name } = parsed.data;
  const type = parsed.data.type ?? parsed.data.dtype;
  if (type === 'binary') {
    throw invalidSignature(
      `Binary type is not supported for parameters, ParamSpec '${name}' has dtype binary`,
    );
  }
  const paramType: ParamSpec['type'] | undefined =
    type === 'object' ? 'object' : isDataTypeName(type) && type !== 'binary' ? type : undefined;
  if (paramType === undefined) {
    throw invalidSignature(
      `Invalid param '${name}': unsupported type '${type ?? ''}'; expected boolean, integer, long, float, double, string, datetime or object.`,
    );
  }
  const rawShape = parsed.data.shape ?? null;
  if (rawShape !== null && !(rawShape.length === 1 && rawShape[0] === -1)) {
    throw invalidSignature(
      `Invalid param '${name}': shape must be null (a scalar) or [-1] (a 1-D list), got ${formatPythonRepr(rawShape)}.`,
    );
  }
  const spec: ParamSpec = {
    name,
    default: normalizeDefault(raw['default']),
    shape: rawShape === null ? null : [-1],
    type: paramType,
  };
  if (paramType === 'object') {
    spec.properties = parseObjectProperties(raw['properties'], `param '${name}'`);
  }
  if (spec.default !== null && spec.default !== undefined) {
    const conversion = convertParamValue(spec.default, spec);
    if (!conversion.ok) {
      throw invalidSignature(
        `Failed to validate type and shape for ${formatParamSpec(spec)}, error: ${conversion.reason}`,
      );
    }
  } else {
    spec.default = null;
  }
  return spec;
}

/**
 * Validates a params schema given as a JSON-like value (parsed signature JSON or a `ParamSchema`
 * built in code): names unique, `type` (or legacy `dtype`) any DataType but binary, or object,
 * `shape` null or [-1], `default` valid for type and shape. Datetime defaults are kept as their
 * ISO text, as MLflow writes them.
 */
export function parseParamSchema(raw: unknown): ParamSchema {
  if (!Array.isArray(raw)) {
    throw invalidSignature('A params schema must be a list of param specs.');
  }
  const specs = raw.map((entry, index) => parseParamSpec(entry, index));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) {
      duplicates.add(spec.name);
    }
    seen.add(spec.name);
  }
  if (duplicates.size > 0) {
    throw invalidSignature(`Duplicated parameters found in schema: ${formatPythonRepr([...duplicates])}`);
  }
  return specs;
}

/** Parses a params schema from its JSON text, as stored in MLmodel's `signature.params`. */
export function parseParamSchemaJson(json: string): ParamSchema {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw invalidSignature(
      `A params schema must be valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseParamSchema(raw);
}
