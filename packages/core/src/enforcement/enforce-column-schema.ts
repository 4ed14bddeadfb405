import { formatPythonRepr } from '../python-compat/python-repr.js';
import { isDataTypeName } from '../signature/spec-guards.js';
import type { ColSpec } from '../signature/types.js';
import { convertDataTypeValue } from '../values/convert-data-type-value.js';
import { type ColumnFrame, toColumnFrame } from './column-frame.js';
import { describeColumnSchema } from './column-schema-info.js';
import { enforceTypedValue } from './enforce-typed-value.js';
import { conversionError, schemaEnforcementError } from './enforcement-errors.js';
import { SchemaViolation } from './schema-violation.js';

/** The result of enforcing an input schema: the model's input and the warnings to log. */
export interface EnforcedInput {
  data: unknown;
  warnings: string[];
}

function formatColumnList(columns: readonly string[], positional: boolean): string {
  return formatPythonRepr(positional ? columns.map((column) => Number(column)) : columns);
}

function extraInputsWarning(columns: readonly string[], positional: boolean): string {
  return (
    `Found extra inputs in the model input that are not defined in the model signature: ` +
    `${formatColumnList(columns, positional)}. These inputs will be ignored.`
  );
}

function enforceCell(value: unknown, spec: ColSpec, column: string, schema: ColSpec[]): unknown {
  if (value === null || value === undefined) {
    // Millrace, like MLflow, reads `required` as "the column must exist": null is accepted.
    return null;
  }
  if (isDataTypeName(spec.type)) {
    const conversion = convertDataTypeValue(value, spec.type);
    if (!conversion.ok) {
      throw conversionError(`column ${column}`, spec.type, conversion.reason);
    }
    return conversion.value;
  }
  try {
    return enforceTypedValue(value, spec, spec.required);
  } catch (error) {
    if (error instanceof SchemaViolation) {
      throw schemaEnforcementError(schema, error.message);
    }
    throw error;
  }
}

function enforceNamed(frame: ColumnFrame, schema: ColSpec[]): EnforcedInput {
  const present = new Set(frame.columns);
  const schemaNames = describeColumnSchema(schema).names;
  const missing = schema
    .filter((spec) => spec.required && !present.has(spec.name ?? ''))
    .map((spec) => spec.name);
  const extras = frame.columns.filter((column) => !schemaNames.has(column));
  if (missing.length > 0) {
    const note =
      extras.length > 0
        ? ` Note that there were extra inputs: ${formatColumnList(extras, frame.positional)}.`
        : '';
    throw schemaEnforcementError(schema, `Model is missing inputs ${formatPythonRepr(missing)}.${note}`);
  }
  const used = schema.filter((spec) => present.has(spec.name ?? ''));
  const data = frame.rows.map((row) => {
    const result: Record<string, unknown> = {};
    for (const spec of used) {
      const name = spec.name ?? '';
      result[name] = enforceCell(row[name], spec, name, schema);
    }
    return result;
  });
  return { data, warnings: extras.length > 0 ? [extraInputsWarning(extras, frame.positional)] : [] };
}

function enforceUnnamed(frame: ColumnFrame, schema: ColSpec[]): EnforcedInput {
  if (frame.columns.length < schema.length) {
    throw schemaEnforcementError(
      schema,
      `Model inference is missing inputs. The model signature declares ${schema.length} inputs  but the provided value ` +
        `only has ${frame.columns.length} inputs. Note: the inputs were not named in the signature so we can only verify their count.`,
    );
  }
  const used = frame.columns.slice(0, schema.length);
  const extras = frame.columns.slice(schema.length);
  const data = frame.rows.map((row) => {
    const result: Record<string, unknown> = {};
    used.forEach((column, index) => {
      const spec = schema[index];
      if (spec !== undefined) {
        result[column] = enforceCell(row[column], spec, column, schema);
      }
    });
    return result;
  });
  return { data, warnings: extras.length > 0 ? [extraInputsWarning(extras, frame.positional)] : [] };
}

/**
 * Enforces a column-based schema (model-format.md §6.1-6.4 with Millrace's typing rules). The
 * result is always an array of row objects whose keys follow the schema's column order;
 * columns not in a named schema are dropped with a warning.
 */
export function enforceColumnSchema(input: unknown, schema: ColSpec[]): EnforcedInput {
  const frame = toColumnFrame(input, schema);
  return describeColumnSchema(schema).named ? enforceNamed(frame, schema) : enforceUnnamed(frame, schema);
}
