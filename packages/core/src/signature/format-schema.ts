import {
  formatPythonStr,
  formatPythonStringRepr,
  formatPythonTupleRepr,
} from '../python-compat/python-repr.js';
import { compareCodePoints } from '../values/compare-code-points.js';
import { paramDefaultForPython, paramElementType } from './param-default.js';
import type { ColSpec, InputSpec, ParamSpec, Schema, TensorSpec, TypeSpec } from './types.js';

function requiredLabel(required: boolean): string {
  return required ? 'required' : 'optional';
}

/** MLflow's repr of a value type: `double`, `Array(string)`, `{a: long (required)}`, `Map(str -> double)`, `Any`. */
export function formatTypeSpec(spec: TypeSpec): string {
  switch (spec.type) {
    case 'array':
      return `Array(${formatTypeSpec(spec.items)})`;
    case 'object': {
      const names = Object.keys(spec.properties).sort(compareCodePoints);
      const properties = names.map((name) => {
        const property = spec.properties[name];
        return property === undefined
          ? ''
          : `${name}: ${formatTypeSpec(property)} (${requiredLabel(property.required)})`;
      });
      return `{${properties.join(', ')}}`;
    }
    case 'map':
      return `Map(str -> ${formatTypeSpec(spec.values)})`;
    case 'any':
      return 'Any';
    case 'sparkml_vector':
      return 'SparkML vector';
    default:
      return spec.type;
  }
}

function formatTensorSpec(spec: TensorSpec): string {
  const tensor = `Tensor(${formatPythonStringRepr(spec['tensor-spec'].dtype)}, ${formatPythonTupleRepr(spec['tensor-spec'].shape)})`;
  return spec.name === undefined ? tensor : `${formatPythonStringRepr(spec.name)}: ${tensor}`;
}

/** MLflow's repr of one schema entry: `'a': double (required)`, `string (required)`, `Tensor('float32', (-1, 28))`. */
export function formatInputSpec(spec: InputSpec): string {
  if (spec.type === 'tensor') {
    return formatTensorSpec(spec);
  }
  const column = spec as ColSpec;
  const body = `${formatTypeSpec(column)} (${requiredLabel(column.required)})`;
  return column.name === undefined ? body : `${formatPythonStringRepr(column.name)}: ${body}`;
}

/**
 * MLflow's repr of a schema, as its error messages show it:
 * `['a': double (required), 'b': string (optional)]`, `[Tensor('float32', (-1, 28))]`. Given a
 * single value type (or schema entry) it formats that: `Array(string)`, `Map(str -> double)`, `Any`.
 */
export function formatSchema(schema: Schema | InputSpec | TypeSpec): string {
  if (Array.isArray(schema)) {
    return `[${schema.map((spec) => formatInputSpec(spec)).join(', ')}]`;
  }
  if (schema.type === 'tensor' || 'required' in schema) {
    return formatInputSpec(schema as InputSpec);
  }
  return formatTypeSpec(schema);
}

/** MLflow's repr of a param spec: `'max_tokens': long (default: 1000)`, `'stop': string (default: ['\n'], shape: (-1,))`. */
export function formatParamSpec(spec: ParamSpec): string {
  const type = formatTypeSpec(paramElementType(spec));
  const shape = spec.shape === null ? '' : `, shape: ${formatPythonTupleRepr(spec.shape)}`;
  return `${formatPythonStringRepr(spec.name)}: ${type} (default: ${formatPythonStr(paramDefaultForPython(spec))}${shape})`;
}

/** MLflow's repr of a params schema: the list of param reprs. */
export function formatParamSchema(paramSchema: readonly ParamSpec[]): string {
  return `[${paramSchema.map((spec) => formatParamSpec(spec)).join(', ')}]`;
}
