import { MillraceError, Table } from '@millrace/core';
import { formatNameList } from './format-name-list.js';
import { isJsonObject, jsonValueType, setOwnProperty } from './json-value-type.js';

const ALLOWED_FIELDS = new Set(['columns', 'data', 'index']);

function invalidSplit(reason: string): MillraceError {
  return MillraceError.badRequest(
    `Invalid input. Provided dataframe_split field is not a valid dataframe representation in 'split' ` +
      `format. Error: ${reason}`,
  );
}

function readColumns(columns: unknown, width: number): string[] {
  if (columns === undefined || columns === null) {
    // Like pandas: without `columns`, the columns are named by position.
    return Array.from({ length: width }, (_unused, position) => String(position));
  }
  if (!Array.isArray(columns)) throw invalidSplit(`'columns' must be a list, got ${jsonValueType(columns)}.`);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const column of columns as unknown[]) {
    if (typeof column !== 'string' && typeof column !== 'number') {
      throw invalidSplit(`column names must be strings or numbers, got ${jsonValueType(column)}.`);
    }
    const name = String(column);
    if (seen.has(name)) throw invalidSplit(`duplicate column name '${name}'.`);
    seen.add(name);
    names.push(name);
  }
  return names;
}

/**
 * `{"dataframe_split": {"columns": [...], "index": [...], "data": [[...], ...]}}` (scoring-server.md
 * §4.2) → a `Table` whose rows are objects keyed by column name. Values are kept as sent: casting to
 * the signature's types is schema enforcement's job, inside `predict`. `index` is checked for length
 * and otherwise ignored (it makes no visible difference in MLflow either).
 */
export function parseDataframeSplit(value: unknown): Table {
  if (!isJsonObject(value)) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe split format must be a dictionary. Got ${jsonValueType(value)}.`,
    );
  }
  const fields = Object.keys(value);
  if (!Object.hasOwn(value, 'data') || fields.some((field) => !ALLOWED_FIELDS.has(field))) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe split format must have 'data' field and optionally 'columns' and 'index' ` +
        `fields. Got ${formatNameList([...fields].sort())}.`,
    );
  }
  const data = value.data;
  if (!Array.isArray(data)) throw invalidSplit(`'data' must be a list of rows, got ${jsonValueType(data)}.`);
  const rows = (data as unknown[]).map((row) => (Array.isArray(row) ? (row as unknown[]) : [row]));
  const columnsGiven = value.columns !== undefined && value.columns !== null;
  const columns = readColumns(value.columns, rows[0]?.length ?? 0);
  rows.forEach((row, position) => {
    if (row.length !== columns.length) {
      throw invalidSplit(
        columnsGiven
          ? `${columns.length} columns passed, passed data had ${row.length} columns (row ${position}).`
          : `rows have different lengths: row 0 has ${columns.length} values, row ${position} has ${row.length}.`,
      );
    }
  });
  const index = value.index;
  if (index !== undefined && index !== null) {
    if (!Array.isArray(index)) throw invalidSplit(`'index' must be a list, got ${jsonValueType(index)}.`);
    if (index.length !== rows.length) {
      throw invalidSplit(`'index' has ${index.length} entries but 'data' has ${rows.length} rows.`);
    }
  }
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (let position = 0; position < columns.length; position++) {
      setOwnProperty(record, columns[position] as string, row[position]);
    }
    return record;
  });
  return new Table(columns, records);
}
