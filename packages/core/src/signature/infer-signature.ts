import { MillraceError } from '../errors/millrace-error.js';
import { formatNaiveUtcDatetime } from '../python-compat/python-datetime.js';
import { Table } from '../table.js';
import { compareCodePoints } from '../values/compare-code-points.js';
import { describeValueType } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { formatTypeSpec } from './format-schema.js';
import { parseParamSchema } from './parse-param-schema.js';
import { parseSchema } from './parse-schema.js';
import type {
  ColSpec,
  DataTypeName,
  ModelSignature,
  ParamSchema,
  ParamSpec,
  Schema,
  TypeSpec,
} from './types.js';

/** A type being inferred: `unknown` until a non-null value has been seen. */
type InferredType =
  | { kind: 'unknown' }
  | { kind: 'primitive'; type: DataTypeName }
  | { kind: 'array'; items: InferredType }
  | { kind: 'object'; properties: Map<string, { type: InferredType; required: boolean }> };

const UNKNOWN: InferredType = { kind: 'unknown' };

function cannotInfer(message: string): MillraceError {
  return MillraceError.invalidParameterValue(`Cannot infer a signature: ${message}`);
}

function describeInferred(type: InferredType): string {
  return type.kind === 'unknown' ? 'null' : formatTypeSpec(finalize(type));
}

function inferValue(value: unknown, where: string): InferredType {
  if (value === null || value === undefined) {
    return UNKNOWN;
  }
  switch (typeof value) {
    case 'string':
      return { kind: 'primitive', type: 'string' };
    case 'boolean':
      return { kind: 'primitive', type: 'boolean' };
    case 'number':
      return { kind: 'primitive', type: Number.isInteger(value) ? 'long' : 'double' };
    case 'bigint':
      return { kind: 'primitive', type: 'long' };
    default:
      break;
  }
  if (value instanceof Uint8Array) {
    return { kind: 'primitive', type: 'binary' };
  }
  if (value instanceof Date) {
    return { kind: 'primitive', type: 'datetime' };
  }
  if (Array.isArray(value)) {
    return {
      kind: 'array',
      items: value.reduce<InferredType>(
        (merged, item) => merge(merged, inferValue(item, `items of ${where}`), where),
        UNKNOWN,
      ),
    };
  }
  if (isPlainObject(value)) {
    const properties = new Map<string, { type: InferredType; required: boolean }>();
    for (const [key, item] of Object.entries(value)) {
      properties.set(key, {
        type: inferValue(item, `property '${key}' of ${where}`),
        required: item !== null && item !== undefined,
      });
    }
    return properties.size === 0 ? UNKNOWN : { kind: 'object', properties };
  }
  throw cannotInfer(
    `${where} holds a value of type ${describeValueType(value)}, which has no signature type.`,
  );
}

function merge(left: InferredType, right: InferredType, where: string): InferredType {
  if (left.kind === 'unknown') {
    return right;
  }
  if (right.kind === 'unknown') {
    return left;
  }
  if (left.kind === 'primitive' && right.kind === 'primitive') {
    if (left.type === right.type) {
      return left;
    }
    const numeric = new Set(['long', 'double']);
    if (numeric.has(left.type) && numeric.has(right.type)) {
      return { kind: 'primitive', type: 'double' };
    }
  }
  if (left.kind === 'array' && right.kind === 'array') {
    return { kind: 'array', items: merge(left.items, right.items, `items of ${where}`) };
  }
  if (left.kind === 'object' && right.kind === 'object') {
    const properties = new Map<string, { type: InferredType; required: boolean }>();
    for (const key of new Set([...left.properties.keys(), ...right.properties.keys()])) {
      const leftProperty = left.properties.get(key);
      const rightProperty = right.properties.get(key);
      properties.set(key, {
        type: merge(
          leftProperty?.type ?? UNKNOWN,
          rightProperty?.type ?? UNKNOWN,
          `property '${key}' of ${where}`,
        ),
        required: (leftProperty?.required ?? false) && (rightProperty?.required ?? false),
      });
    }
    return { kind: 'object', properties };
  }
  throw cannotInfer(
    `${where} has values of incompatible types ${describeInferred(left)} and ${describeInferred(right)}.`,
  );
}

function finalize(type: InferredType): TypeSpec {
  switch (type.kind) {
    case 'unknown':
      return { type: 'any' };
    case 'primitive':
      return { type: type.type };
    case 'array':
      return { type: 'array', items: finalize(type.items) };
    case 'object': {
      const properties: Record<string, TypeSpec & { required: boolean }> = {};
      for (const key of [...type.properties.keys()].sort(compareCodePoints)) {
        const property = type.properties.get(key);
        if (property !== undefined) {
          properties[key] = { ...finalize(property.type), required: property.required };
        }
      }
      return { type: 'object', properties };
    }
  }
}

function inferRows(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Schema {
  if (columns.length === 0) {
    throw cannotInfer('the example has no columns.');
  }
  return columns.map((name): ColSpec => {
    let type: InferredType = UNKNOWN;
    let required = rows.length > 0;
    for (const row of rows) {
      const value = row[name];
      if (value === null || value === undefined) {
        required = false;
      }
      type = merge(type, inferValue(value, `column '${name}'`), `column '${name}'`);
    }
    return { ...finalize(type), name, required };
  });
}

/**
 * Infers a schema from an example value: a Table or an array of row objects → named columns; a
 * plain object → named columns of one row; an array of values → one unnamed column of their
 * type; a single value → one unnamed column. Numbers are `long` when integral, else `double`;
 * Buffers/Uint8Arrays `binary`; Dates `datetime`; arrays `Array`, objects `Object`. A column
 * with nulls (or missing from some rows) is optional; one with only nulls is `any`.
 */
export function inferSchema(example: unknown): Schema {
  let schema: Schema;
  if (example instanceof Table) {
    schema = inferRows(example.columns, example.rows);
  } else if (Array.isArray(example)) {
    if (example.length === 0) {
      throw cannotInfer('the example is an empty array.');
    }
    const objectCount = example.filter((item) => isPlainObject(item)).length;
    if (objectCount === example.length) {
      const table = Table.fromRows(example as Array<Record<string, unknown>>);
      schema = inferRows(table.columns, table.rows);
    } else if (objectCount === 0) {
      const type = example.reduce<InferredType>(
        (merged, item) => merge(merged, inferValue(item, 'the example'), 'the example'),
        UNKNOWN,
      );
      schema = [{ ...finalize(type), required: true }];
    } else {
      throw cannotInfer('an array example must hold either row objects or values, not both.');
    }
  } else if (isPlainObject(example)) {
    schema = inferRows(Object.keys(example), [example]);
  } else if (example === null || example === undefined) {
    throw cannotInfer(`the example is ${String(example)}.`);
  } else {
    const type = inferValue(example, 'the example');
    schema = [{ ...finalize(type), required: true }];
  }
  return parseSchema(schema);
}

function inferParamSpec(name: string, value: unknown): ParamSpec {
  const where = `param '${name}'`;
  if (value === null || value === undefined) {
    throw cannotInfer(`${where} has no value to infer its type and default from.`);
  }
  const toDefault = (item: unknown): unknown =>
    item instanceof Date ? formatNaiveUtcDatetime(item, 'T') : item;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw cannotInfer(`${where} is an empty array; its element type cannot be inferred.`);
    }
    if (value.some((item) => Array.isArray(item))) {
      throw cannotInfer(`${where} is a nested array; params can only be scalars or 1-D arrays.`);
    }
    const element = value.reduce<InferredType>(
      (merged, item) => merge(merged, inferValue(item, where), where),
      UNKNOWN,
    );
    return toParamSpec(name, element, value.map(toDefault), [-1]);
  }
  return toParamSpec(name, inferValue(value, where), toDefault(value), null);
}

function toParamSpec(
  name: string,
  type: InferredType,
  defaultValue: unknown,
  shape: number[] | null,
): ParamSpec {
  const spec = finalize(type);
  if (spec.type === 'object') {
    return { name, default: defaultValue, shape, type: 'object', properties: spec.properties };
  }
  if (spec.type === 'binary') {
    throw cannotInfer(`param '${name}' is binary; binary is not supported for parameters.`);
  }
  if (spec.type === 'array' || spec.type === 'map' || spec.type === 'any' || spec.type === 'sparkml_vector') {
    throw cannotInfer(`param '${name}' has no supported param type (${formatTypeSpec(spec)}).`);
  }
  return { name, default: defaultValue, shape, type: spec.type };
}

/**
 * Infers a params schema from example params (a plain object): each value becomes a ParamSpec
 * with that value as default; arrays give shape [-1], objects the `object` type.
 */
export function inferParamSchema(params: unknown): ParamSchema {
  if (!isPlainObject(params)) {
    throw cannotInfer(`params must be a plain object, got ${describeValueType(params)}.`);
  }
  return parseParamSchema(Object.entries(params).map(([name, value]) => inferParamSpec(name, value)));
}

/**
 * Infers a ModelSignature from an input example, and optionally an output example and example
 * params (MLflow's `infer_signature`). Parts not given are null; `{}` params give null.
 */
export function inferSignature(
  inputExample: unknown,
  outputExample?: unknown,
  params?: unknown,
): ModelSignature {
  const paramSchema = params === undefined || params === null ? null : inferParamSchema(params);
  return {
    inputs: inputExample === undefined ? null : inferSchema(inputExample),
    outputs: outputExample === undefined ? null : inferSchema(outputExample),
    params: paramSchema === null || paramSchema.length === 0 ? null : paramSchema,
  };
}
