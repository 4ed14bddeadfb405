import { paramElementType } from '../signature/param-default.js';
import type { ParamSpec } from '../signature/types.js';
import { convertDataTypeValue, type ValueConversion } from '../values/convert-data-type-value.js';
import { describeValueType } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { enforceTypedValue } from './enforce-typed-value.js';
import { SchemaViolation } from './schema-violation.js';

type ParamTypeFields = Pick<ParamSpec, 'type' | 'shape' | 'properties'>;

function convertElement(value: unknown, spec: ParamTypeFields): ValueConversion {
  if (spec.type === 'object') {
    try {
      // Validated on the side; the value itself is passed on unchanged, as MLflow does.
      enforceTypedValue(value, paramElementType(spec), true);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof SchemaViolation) {
        return { ok: false, reason: error.message };
      }
      throw error;
    }
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    return {
      ok: false,
      reason: `Value must be a scalar for type \`${spec.type}\`, got ${describeValueType(value)}`,
    };
  }
  return convertDataTypeValue(value, spec.type);
}

/**
 * Checks one (non-null) param value against its spec (model-format.md §7): a 1-D array whose
 * elements are checked for shape `[-1]`, else a scalar of the type (int accepted for
 * float/double, booleans never numbers, strings never coerced, datetime from ISO text → Date),
 * or for `object` a value passing the Object rules. Returns the converted value or the reason.
 */
export function convertParamValue(value: unknown, spec: ParamTypeFields): ValueConversion {
  if (spec.shape === null) {
    return convertElement(value, spec);
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      reason: `Value must be a 1D array with shape (-1,), got ${describeValueType(value)}`,
    };
  }
  const converted: unknown[] = [];
  for (const item of value) {
    if (Array.isArray(item)) {
      return { ok: false, reason: 'Value must be a 1D array with shape (-1,), got a nested array' };
    }
    const conversion = convertElement(item, spec);
    if (!conversion.ok) {
      return conversion;
    }
    converted.push(conversion.value);
  }
  return { ok: true, value: converted };
}
