import { MillraceError, Table } from '@millrace/core';
import { isJsonObject, jsonValueType, setOwnProperty } from './json-value-type.js';

/**
 * `{"dataframe_records": [{...}, ...]}` (scoring-server.md §4.3) → a `Table`. Columns are the union
 * of the records' keys in first-seen order (pandas' order); a record that lacks a column gets
 * `null` there, as pandas fills the hole with NaN. Values are kept as sent.
 */
export function parseDataframeRecords(value: unknown): Table {
  if (!Array.isArray(value)) {
    throw MillraceError.badRequest(
      `Invalid input. Dataframe records format must be a list of records. Got ${jsonValueType(value)}.`,
    );
  }
  const records = value as unknown[];
  records.forEach((record, position) => {
    if (!isJsonObject(record)) {
      throw MillraceError.badRequest(
        `Invalid input. Provided dataframe_records field is not a valid dataframe representation in ` +
          `'records' format. Error: record ${position} is a ${jsonValueType(record)}, not a dictionary.`,
      );
    }
  });
  return fillMissingColumns(Table.fromRows(records as Record<string, unknown>[]));
}

/** Gives every row every column of the table (missing values become null). */
export function fillMissingColumns(table: Table): Table {
  const width = table.columns.length;
  const rows = table.rows.map((row) => {
    if (Object.keys(row).length === width) return row;
    const filled: Record<string, unknown> = {};
    for (const column of table.columns)
      setOwnProperty(filled, column, Object.hasOwn(row, column) ? row[column] : null);
    return filled;
  });
  return new Table(table.columns, rows);
}
