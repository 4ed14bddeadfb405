import { formatPythonRepr, formatPythonTupleRepr } from '../python-compat/python-repr.js';
import type { TensorSpec } from '../signature/types.js';
import { Table } from '../table.js';
import { describeValueType } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { convertTensorElement } from './convert-tensor-element.js';
import type { EnforcedInput } from './enforce-column-schema.js';
import { conversionError, schemaEnforcementError } from './enforcement-errors.js';
import { SchemaViolation } from './schema-violation.js';

interface Rows {
  columns: string[];
  rows: Array<Record<string, unknown>>;
}

/** A Table, or a non-empty array of row objects, seen as rows; else undefined. */
function asRows(input: unknown): Rows | undefined {
  if (input instanceof Table) {
    return { columns: [...input.columns], rows: input.rows };
  }
  if (Array.isArray(input) && input.length > 0 && input.every((item) => isPlainObject(item))) {
    const table = Table.fromRows(input as Array<Record<string, unknown>>);
    return { columns: table.columns, rows: table.rows };
  }
  return undefined;
}

function isNumericTypedArray(value: unknown): value is ArrayLike<number | bigint> {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof Uint8Array && Buffer.isBuffer(value))
  );
}

/** Converts the leaves of a nested array (or a scalar) with the dtype's rules. */
function convertLeaves(value: unknown, spec: TensorSpec, target: string): unknown {
  if (isNumericTypedArray(value)) {
    return convertLeaves(Array.from(value), spec, target);
  }
  if (Array.isArray(value)) {
    return value.map((item) => convertLeaves(item, spec, target));
  }
  const dtype = spec['tensor-spec'].dtype;
  const conversion = convertTensorElement(value, dtype);
  if (!conversion.ok) {
    throw conversionError(target, dtype, conversion.reason);
  }
  return conversion.value;
}

/** The shape of a rectangular nested array (a scalar has shape `()`); throws when ragged. */
function shapeOf(value: unknown): number[] {
  if (!Array.isArray(value)) {
    return [];
  }
  if (value.length === 0) {
    return [0];
  }
  const inner = shapeOf(value[0]);
  for (let index = 1; index < value.length; index += 1) {
    const other = shapeOf(value[index]);
    if (other.length !== inner.length || other.some((dimension, position) => dimension !== inner[position])) {
      throw new SchemaViolation(
        'The input is a ragged array: nested arrays at the same depth must have the same length.',
      );
    }
  }
  return [value.length, ...inner];
}

function enforceTensor(value: unknown, spec: TensorSpec, schema: TensorSpec[]): unknown {
  const target = spec.name === undefined ? 'the input tensor' : `tensor ${formatPythonRepr(spec.name)}`;
  const converted = convertLeaves(value, spec, target);
  const expected = spec['tensor-spec'].shape;
  try {
    const actual = shapeOf(converted);
    const matches =
      actual.length === expected.length &&
      expected.every((dimension, index) => dimension === -1 || dimension === actual[index]);
    if (!matches) {
      throw new SchemaViolation(
        `Shape of input ${formatPythonTupleRepr(actual)} does not match expected shape ${formatPythonTupleRepr(expected)}.`,
      );
    }
  } catch (error) {
    if (error instanceof SchemaViolation) {
      throw schemaEnforcementError(schema, error.message);
    }
    throw error;
  }
  return converted;
}

function checkRowShape(spec: TensorSpec, schema: TensorSpec[]): void {
  const shape = spec['tensor-spec'].shape;
  if (shape[0] !== -1 || shape.slice(1).includes(-1)) {
    throw schemaEnforcementError(
      schema,
      `For rows or table input, the first dimension of the shape must be variable (-1) and the others fixed, but ` +
        `in the model signature the shape of input ${formatPythonRepr(spec.name ?? 0)} is ${formatPythonTupleRepr(shape)}.`,
    );
  }
}

function missingAndExtras(present: readonly string[], schema: TensorSpec[]): EnforcedInput['warnings'] {
  const names = new Set(schema.map((spec) => spec.name));
  const presentSet = new Set(present);
  const missing = schema.filter((spec) => !presentSet.has(spec.name ?? '')).map((spec) => spec.name);
  const extras = present.filter((name) => !names.has(name));
  if (missing.length > 0) {
    const note = extras.length > 0 ? ` Note that there were extra inputs: ${formatPythonRepr(extras)}.` : '';
    throw schemaEnforcementError(schema, `Model is missing inputs ${formatPythonRepr(missing)}.${note}`);
  }
  return extras.length > 0
    ? [
        `Found extra inputs in the model input that are not defined in the model signature: ${formatPythonRepr(extras)}. ` +
          'These inputs will be ignored.',
      ]
    : [];
}

function enforceNamedTensors(input: unknown, schema: TensorSpec[]): EnforcedInput {
  const rows = asRows(input);
  const data: Record<string, unknown> = {};
  if (rows !== undefined) {
    const warnings = missingAndExtras(rows.columns, schema);
    for (const spec of schema) {
      const name = spec.name ?? '';
      checkRowShape(spec, schema);
      data[name] = enforceTensor(
        rows.rows.map((row) => row[name] ?? null),
        spec,
        schema,
      );
    }
    return { data, warnings };
  }
  if (!isPlainObject(input)) {
    throw schemaEnforcementError(
      schema,
      'This model contains a tensor-based model signature with input names, which suggests a dictionary input mapping ' +
        `input name to an array, but an input of type ${describeValueType(input)} was found.`,
    );
  }
  const warnings = missingAndExtras(Object.keys(input), schema);
  for (const spec of schema) {
    const name = spec.name ?? '';
    data[name] = enforceTensor(input[name], spec, schema);
  }
  return { data, warnings };
}

function enforceUnnamedTensor(input: unknown, spec: TensorSpec, schema: TensorSpec[]): EnforcedInput {
  const rows = asRows(input);
  if (rows !== undefined) {
    if (rows.rows.length === 0) {
      throw schemaEnforcementError(schema, 'Input DataFrame is empty.');
    }
    const [single] = rows.columns;
    const values =
      rows.columns.length === 1 && single !== undefined
        ? rows.rows.map((row) => row[single] ?? null)
        : rows.rows.map((row) => rows.columns.map((column) => row[column] ?? null));
    return { data: enforceTensor(values, spec, schema), warnings: [] };
  }
  if (isPlainObject(input)) {
    throw schemaEnforcementError(
      schema,
      'This model contains a tensor-based model signature with no input names, which suggests an array input or a ' +
        'table input with proper column values, but an input of type object was found.',
    );
  }
  return { data: enforceTensor(input, spec, schema), warnings: [] };
}

/**
 * Enforces a tensor schema (model-format.md §6.5): named tensors from an object of nested
 * arrays (or from rows/a Table, one column per tensor), an unnamed tensor from a nested array
 * (or rows/a Table); elements checked against the dtype, shapes against the spec (-1 = any).
 * Returns nested arrays: an object of them for named tensors.
 */
export function enforceTensorSchema(input: unknown, schema: TensorSpec[]): EnforcedInput {
  const [first] = schema;
  if (first === undefined) {
    return { data: input, warnings: [] };
  }
  return first.name === undefined
    ? enforceUnnamedTensor(input, first, schema)
    : enforceNamedTensors(input, schema);
}
