import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { compareString, type StringComparator } from './string-comparison.js';

/** A comparison of one key's value, or whether the key is set at all. */
export type KeyValueComparison =
  | { key: string; comparator: StringComparator; value: string | readonly string[] }
  | { key: string; comparator: 'IS NULL' | 'IS NOT NULL' };

/** A side table of keyed values (tags, params, trace metadata) and the entity id it belongs to. */
export interface KeyValueTable {
  /** The entity's id column, e.g. `runs.run_uuid`. */
  owner: string;
  /** The side table, with `key` and `value` columns, e.g. `run_tags`. */
  table: string;
  /** The side table's column holding the entity id, e.g. `run_uuid`. */
  ownerColumn: string;
}

/**
 * The entities that have the key with a matching value (`owner in (select ... where key = ? and
 * value ...)`); for IS NULL / IS NOT NULL, those without / with the key.
 */
export function keyedValueFilter(
  dialect: DatabaseDialect,
  { owner, table, ownerColumn }: KeyValueTable,
  comparison: KeyValueComparison,
): RawBuilder<SqlBool> {
  const withKey = sql`select ${sql.ref(`${table}.${ownerColumn}`)} from ${sql.table(table)} where ${sql.ref(`${table}.key`)} = ${comparison.key}`;
  if (!('value' in comparison)) {
    return comparison.comparator === 'IS NULL'
      ? sql<SqlBool>`${sql.ref(owner)} not in (${withKey})`
      : sql<SqlBool>`${sql.ref(owner)} in (${withKey})`;
  }
  const valueMatches = compareString(
    dialect,
    sql.ref(`${table}.value`),
    comparison.comparator,
    comparison.value,
  );
  return sql<SqlBool>`${sql.ref(owner)} in (${withKey} and (${valueMatches}))`;
}
