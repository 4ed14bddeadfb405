import { formatNaiveUtcDatetime } from '../python-compat/python-datetime.js';
import { PythonDict, PythonFloat } from '../python-compat/python-json.js';
import { isPlainObject } from '../values/is-plain-object.js';
import type { ParamSpec, TypeSpec } from './types.js';

function isFloatType(type: string): boolean {
  return type === 'float' || type === 'double';
}

/** Marks the numbers of a value Python would hold as floats, following the value's type. */
function typedValue(value: unknown, spec: TypeSpec): unknown {
  if (typeof value === 'number' && isFloatType(spec.type)) {
    return new PythonFloat(value);
  }
  if (value instanceof Date) {
    return formatNaiveUtcDatetime(value, 'T');
  }
  if (spec.type === 'array' && Array.isArray(value)) {
    return value.map((item) => typedValue(item, spec.items));
  }
  if (spec.type === 'object' && isPlainObject(value)) {
    return new PythonDict(
      Object.entries(value).map(([key, item]) => {
        const property = spec.properties[key];
        return [key, property === undefined ? item : typedValue(item, property)];
      }),
    );
  }
  if (spec.type === 'map' && isPlainObject(value)) {
    return new PythonDict(Object.entries(value).map(([key, item]) => [key, typedValue(item, spec.values)]));
  }
  return value;
}

/** The value type of one element of a param (the param's type, with properties for objects). */
export function paramElementType(spec: Pick<ParamSpec, 'type' | 'properties'>): TypeSpec {
  return spec.type === 'object' ? { type: 'object', properties: spec.properties ?? {} } : { type: spec.type };
}

/**
 * A param default as Python holds it: float/double numbers as floats (`1` → `1.0`), datetimes
 * as their `isoformat()` text, nested object values typed by their properties.
 */
export function paramDefaultForPython(spec: ParamSpec): unknown {
  const elementType = paramElementType(spec);
  if (spec.shape !== null && Array.isArray(spec.default)) {
    return spec.default.map((item) => typedValue(item, elementType));
  }
  return typedValue(spec.default, elementType);
}
