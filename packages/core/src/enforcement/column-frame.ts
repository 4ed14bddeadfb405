import { Table } from '../table.js';
import type { ColSpec } from '../signature/types.js';
import { describeValueType } from '../values/describe-value.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { type ColumnSchemaInfo, describeColumnSchema } from './column-schema-info.js';
import { tableCastError } from './enforcement-errors.js';

/**
 * Column-based input seen as a table: the column names in input order and one object per row.
 * `positional` marks synthetic names ('0', '1', …) given to unnamed columns (lists of values),
 * which messages show as numbers, as MLflow shows pandas' integer column labels.
 */
export interface ColumnFrame {
  columns: string[];
  rows: Array<Record<string, unknown>>;
  positional: boolean;
}

function fromRowObjects(rows: Array<Record<string, unknown>>): ColumnFrame {
  const table = Table.fromRows(rows);
  return { columns: table.columns, rows: table.rows, positional: false };
}

function fromArray(items: unknown[], singleColumn: string | undefined): ColumnFrame {
  if (items.length === 0) {
    return { columns: [], rows: [], positional: false };
  }
  const objectCount = items.filter((item) => isPlainObject(item)).length;
  if (objectCount === items.length) {
    return fromRowObjects(items as Array<Record<string, unknown>>);
  }
  if (objectCount !== 0) {
    throw tableCastError('an array must hold either row objects or values, not both.');
  }
  if (singleColumn !== undefined) {
    return {
      columns: [singleColumn],
      rows: items.map((item) => ({ [singleColumn]: item })),
      positional: false,
    };
  }
  if (items.every((item) => Array.isArray(item))) {
    const width = Math.max(...items.map((item) => (item as unknown[]).length));
    const columns = Array.from({ length: width }, (_, index) => String(index));
    const rows = (items as unknown[][]).map((item) =>
      Object.fromEntries(item.map((value, index) => [String(index), value])),
    );
    return { columns, rows, positional: true };
  }
  return { columns: ['0'], rows: items.map((item) => ({ 0: item })), positional: true };
}

/**
 * A plain object is one row when the schema has an Array/Object/Map column or every value it
 * gives for a schema column is a non-array; else it is columnar (a list per column, equal lengths,
 * non-list values repeated), as pandas builds `DataFrame(dict)`.
 */
function fromObject(record: Record<string, unknown>, info: ColumnSchemaInfo): ColumnFrame {
  const columns = Object.keys(record);
  if (info.hasNestedColumn) {
    return { columns, rows: [record], positional: false };
  }
  const relevant = info.named ? columns.filter((column) => info.names.has(column)) : columns;
  const listColumns = relevant.filter((column) => Array.isArray(record[column]));
  if (listColumns.length === 0) {
    return { columns, rows: [record], positional: false };
  }
  const lengths = listColumns.map((column) => (record[column] as unknown[]).length);
  const rowCount = lengths[0] ?? 0;
  if (lengths.some((length) => length !== rowCount)) {
    const detail = listColumns.map((column, index) => `${column}: ${lengths[index]}`).join(', ');
    throw tableCastError(`all columns given as arrays must have the same length (${detail}).`);
  }
  const rows: Array<Record<string, unknown>> = [];
  for (let index = 0; index < rowCount; index += 1) {
    const row: Record<string, unknown> = {};
    for (const column of relevant) {
      const value = record[column];
      row[column] = Array.isArray(value) ? value[index] : value;
    }
    rows.push(row);
  }
  return { columns, rows, positional: false };
}

function isScalarInput(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    value instanceof Uint8Array ||
    value instanceof Date
  );
}

/**
 * Sees an input as a table for a column-based schema (model-format.md §6.1): a Table as is; an
 * array of row objects as rows; an array of values as the single named column's values (or one
 * unnamed column, or positional columns for an array of arrays); a plain object as one row or
 * as columns; a scalar as one row.
 */
export function toColumnFrame(input: unknown, schema: ColSpec[]): ColumnFrame {
  const info = describeColumnSchema(schema);
  const singleColumn = info.singleColumn;
  if (input instanceof Table) {
    return { columns: [...input.columns], rows: input.rows, positional: false };
  }
  if (Array.isArray(input)) {
    return fromArray(input, singleColumn);
  }
  if (isPlainObject(input)) {
    return fromObject(input, info);
  }
  if (isScalarInput(input)) {
    const column = singleColumn ?? '0';
    return { columns: [column], rows: [{ [column]: input }], positional: singleColumn === undefined };
  }
  throw tableCastError(
    `expected a Table, an array of rows, an object of columns or a single value, got ${describeValueType(input)}.`,
  );
}
