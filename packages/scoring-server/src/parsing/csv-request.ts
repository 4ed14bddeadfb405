import { type ColSpec, MillraceError, type Schema, Table, type TensorSpec } from '@millrace/core';
import { parse } from 'csv-parse/sync';
import { setOwnProperty } from './json-value-type.js';
import type { ParsedRequest } from './parsed-request.js';

type CellReader = (text: string, column: string) => unknown;

const CSV_ERROR_PREFIX = 'Failed to parse input as a CSV table (the first line is the header). Error: ';

function csvError(reason: string): MillraceError {
  return MillraceError.badRequest(CSV_ERROR_PREFIX + reason);
}

function readNumber(text: string, column: string): number {
  const trimmed = text.trim();
  const lowered = trimmed.toLowerCase();
  if (lowered === 'nan') return Number.NaN;
  if (lowered === 'inf' || lowered === 'infinity' || lowered === '+inf' || lowered === '+infinity')
    return Infinity;
  if (lowered === '-inf' || lowered === '-infinity') return -Infinity;
  const value = Number(trimmed);
  if (trimmed === '' || Number.isNaN(value)) {
    throw csvError(`could not convert '${text.slice(0, 40)}' in column '${column}' to a number.`);
  }
  return value;
}

function readBoolean(text: string, column: string): boolean {
  const lowered = text.trim().toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  throw csvError(
    `could not convert '${text.slice(0, 40)}' in column '${column}' to a boolean (true or false).`,
  );
}

const readString: CellReader = (text) => text;

const NUMERIC_DATA_TYPES = new Set(['integer', 'long', 'float', 'double']);

function readerForColumn(spec: ColSpec, column: string): CellReader {
  if (NUMERIC_DATA_TYPES.has(spec.type)) return readNumber;
  if (spec.type === 'boolean') return readBoolean;
  if (spec.type === 'string' || spec.type === 'binary' || spec.type === 'datetime') return readString;
  // Array, Object, Map, Any and Spark ML vectors have no CSV spelling; MLflow fails every request.
  throw csvError(
    `CSV cannot carry column '${column}' of type '${spec.type}'; send this model JSON ` +
      `(dataframe_split, dataframe_records or inputs) instead.`,
  );
}

function readerForTensor(spec: TensorSpec): CellReader {
  const dtype = spec['tensor-spec'].dtype;
  if (/^u?int\d*$|^float\d*$/.test(dtype)) return readNumber;
  if (dtype === 'bool') return readBoolean;
  return readString;
}

/**
 * One cell reader per header column: typed by the input schema where it names the column (named
 * ColSpecs by name, unnamed ColSpecs by position, a tensor schema for every column), strings
 * otherwise. An empty cell is null for every type, as pandas reads it as missing.
 */
function cellReaders(header: string[], schema: Schema | null): CellReader[] {
  if (schema === null || schema.length === 0) return header.map(() => readString);
  const first = schema[0] as Schema[number];
  if (first.type === 'tensor') return header.map(() => readerForTensor(first as TensorSpec));
  const colSpecs = schema as ColSpec[];
  if (colSpecs.every((spec) => spec.name === undefined)) {
    return header.map((column, position) => {
      const spec = colSpecs[position];
      return spec === undefined ? readString : readerForColumn(spec, column);
    });
  }
  const specsByName = new Map(colSpecs.map((spec) => [spec.name as string, spec]));
  return header.map((column) => {
    const spec = specsByName.get(column);
    return spec === undefined ? readString : readerForColumn(spec, column);
  });
}

function parseRecords(text: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw csvError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * A `text/csv` body (scoring-server.md §5) → a `Table`. The first line is always the header. CSV
 * carries no params. Cells are typed with the model's input schema (numbers for integer/long/
 * float/double columns, booleans for boolean columns); other cells stay strings.
 */
export function parseCsvRequest(text: string, inputSchema: Schema | null): ParsedRequest {
  const records = parseRecords(text);
  const header = records[0];
  if (header === undefined) throw csvError('the body is empty; a CSV request needs at least a header line.');
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) throw csvError(`duplicate column name '${column}' in the header.`);
    seen.add(column);
  }
  const readers = cellReaders(header, inputSchema);
  const rows = records.slice(1).map((record) => {
    const row: Record<string, unknown> = {};
    header.forEach((column, position) => {
      const text = record[position] ?? '';
      setOwnProperty(row, column, text === '' ? null : (readers[position] as CellReader)(text, column));
    });
    return row;
  });
  return { input: new Table(header, rows), params: undefined, wrapped: true, stream: false };
}
