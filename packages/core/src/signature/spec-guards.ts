import type { ArraySpec, InputSpec, MapSpec, ObjectSpec, TensorSpec, TypeSpec } from './types.js';
import { DATA_TYPE_NAMES, type DataTypeName } from './types.js';

const DATA_TYPE_NAME_SET: ReadonlySet<string> = new Set(DATA_TYPE_NAMES);

export function isDataTypeName(name: unknown): name is DataTypeName {
  return typeof name === 'string' && DATA_TYPE_NAME_SET.has(name);
}

export function isTensorSpec(spec: InputSpec): spec is TensorSpec {
  return spec.type === 'tensor';
}

/** Array, Object or Map: the types whose values MLflow validates cell by cell (§6.4). */
export function isNestedTypeSpec(spec: TypeSpec): spec is ArraySpec | ObjectSpec | MapSpec {
  return spec.type === 'array' || spec.type === 'object' || spec.type === 'map';
}
