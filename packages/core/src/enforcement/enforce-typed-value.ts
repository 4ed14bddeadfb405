import { formatPythonSetRepr } from '../python-compat/python-repr.js';
import { isDataTypeName, isNestedTypeSpec } from '../signature/spec-guards.js';
import type { ArraySpec, DataTypeName, MapSpec, ObjectSpec, TypeSpec } from '../signature/types.js';
import { convertDataTypeValue } from '../values/convert-data-type-value.js';
import { describeValueType, formatShortValue } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { SchemaViolation } from './schema-violation.js';

function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function enforceScalar(value: unknown, type: DataTypeName, required: boolean): unknown {
  if (isMissing(value)) {
    if (!required) {
      return null;
    }
    throw new SchemaViolation(
      `Failed to enforce schema of data \`${formatShortValue(value)}\` with dtype \`${type}\``,
    );
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    throw new SchemaViolation(`Expected data to be scalar, got ${describeValueType(value)}`);
  }
  const conversion = convertDataTypeValue(value, type);
  if (!conversion.ok) {
    throw new SchemaViolation(
      `Failed to enforce schema of data \`${formatShortValue(value)}\` with dtype \`${type}\``,
    );
  }
  return conversion.value;
}

function enforceArray(value: unknown, spec: ArraySpec, required: boolean): unknown {
  if (isMissing(value) && (!required || spec.items.type === 'any')) {
    return null;
  }
  if (!Array.isArray(value)) {
    throw new SchemaViolation(`Expected data to be list or numpy array, got ${describeValueType(value)}`);
  }
  return value.map((item) => enforceTypedValue(item, spec.items, true));
}

const requiredPropertiesCache = new WeakMap<ObjectSpec, string[]>();

/** The names of an Object's required properties, computed once per spec object. */
function requiredPropertyNames(spec: ObjectSpec): string[] {
  let names = requiredPropertiesCache.get(spec);
  if (names === undefined) {
    names = Object.keys(spec.properties).filter((name) => spec.properties[name]?.required === true);
    requiredPropertiesCache.set(spec, names);
  }
  return names;
}

function enforceObject(value: unknown, spec: ObjectSpec, required: boolean): unknown {
  if (!required && (isMissing(value) || (isPlainObject(value) && Object.keys(value).length === 0))) {
    return isMissing(value) ? null : {};
  }
  if (!isPlainObject(value)) {
    throw new SchemaViolation(`Expected data to be dictionary, got ${describeValueType(value)}`);
  }
  const missing = requiredPropertyNames(spec).filter((name) => !Object.hasOwn(value, name));
  if (missing.length > 0) {
    throw new SchemaViolation(`Missing required properties: ${formatPythonSetRepr(missing)}`);
  }
  const unknown = Object.keys(value).filter((name) => !Object.hasOwn(spec.properties, name));
  if (unknown.length > 0) {
    throw new SchemaViolation(
      `Invalid properties not defined in the schema found: ${formatPythonSetRepr(unknown)}`,
    );
  }
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const property = spec.properties[name];
    if (property === undefined) {
      continue;
    }
    try {
      result[name] = enforceTypedValue(item, property, property.required);
    } catch (error) {
      if (!(error instanceof SchemaViolation)) {
        throw error;
      }
      const message = `Failed to enforce schema for key \`${name}\`. Expected type ${property.type}, received type ${describeValueType(item)}`;
      throw new SchemaViolation(isNestedTypeSpec(property) ? `${message}: ${error.message}` : message);
    }
  }
  return result;
}

function enforceMap(value: unknown, spec: MapSpec, required: boolean): unknown {
  if (isMissing(value) && !required) {
    return null;
  }
  if (!isPlainObject(value)) {
    throw new SchemaViolation(`Expected data to be a dict, got ${describeValueType(value)}`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = enforceTypedValue(item, spec.values, true);
  }
  return result;
}

/**
 * Checks and converts one value against a signature value type with MLflow's rules for complex
 * values (model-format.md §6.4): Arrays must be arrays, Objects plain objects with every
 * required property and no undeclared one, Maps plain objects; scalars inside are converted with
 * Millrace's DataType rules; Any is not checked. `required: false` lets null (and `{}` for an
 * Object) through. Returns a converted copy; throws a SchemaViolation with MLflow's message.
 */
export function enforceTypedValue(value: unknown, spec: TypeSpec, required: boolean): unknown {
  if (isDataTypeName(spec.type)) {
    return enforceScalar(value, spec.type, required);
  }
  switch (spec.type) {
    case 'array':
      return enforceArray(value, spec as ArraySpec, required);
    case 'object':
      return enforceObject(value, spec as ObjectSpec, required);
    case 'map':
      return enforceMap(value, spec as MapSpec, required);
    case 'sparkml_vector':
      return enforceArray(value, { type: 'array', items: { type: 'double' } }, required);
    default:
      return value === undefined ? null : value;
  }
}
