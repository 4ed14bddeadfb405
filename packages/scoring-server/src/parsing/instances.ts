import { MillraceError, Table } from '@millrace/core';
import { formatNameList } from './format-name-list.js';
import { isJsonObject } from './json-value-type.js';

/**
 * `{"instances": ...}` (scoring-server.md §4.4). A non-empty list of objects is what TF-serving calls
 * row format: MLflow transposes it into one list per column and requires the lists to have equal
 * lengths. Millrace keeps the same rule — every instance must have the same keys, else 400 — but
 * hands the model the rows themselves, as a `Table` (exactly like `dataframe_records`): custom
 * models receive column-based input as rows, and transposing to columns and back would only lose
 * information (a list-of-strings column would be read as one cell). Any other value (a list of
 * scalars, a nested list, a scalar, an object) is passed as is, like `inputs`.
 */
export function parseInstances(value: unknown): unknown {
  if (!Array.isArray(value) || value.length === 0) return value;
  if (!(value as unknown[]).every(isJsonObject)) return value;
  const instances = value as Record<string, unknown>[];
  const table = Table.fromRows(instances);
  const uneven = table.columns.filter((column) =>
    instances.some((instance) => !Object.hasOwn(instance, column)),
  );
  if (uneven.length > 0) {
    throw MillraceError.badRequest(
      `Invalid input. The length of values for each input/column name are not the same: ` +
        `${formatNameList(uneven)} ${uneven.length === 1 ? 'is' : 'are'} missing from some instances.`,
    );
  }
  return table;
}
