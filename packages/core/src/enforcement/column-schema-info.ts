import type { ColSpec } from '../signature/types.js';

/** What enforcement needs to know about a column-based schema, computed once per schema object. */
export interface ColumnSchemaInfo {
  named: boolean;
  names: ReadonlySet<string>;
  /** The column name when the schema has exactly one named column. */
  singleColumn: string | undefined;
  /** Whether a column is an Array, Object or Map (a plain object input is then one row). */
  hasNestedColumn: boolean;
}

const cache = new WeakMap<readonly ColSpec[], ColumnSchemaInfo>();

/** Derived facts about a schema, cached by identity (schemas are not changed after parsing). */
export function describeColumnSchema(schema: readonly ColSpec[]): ColumnSchemaInfo {
  let info = cache.get(schema);
  if (info === undefined) {
    const first = schema[0];
    info = {
      named: first?.name !== undefined,
      names: new Set(schema.map((spec) => spec.name ?? '')),
      singleColumn: schema.length === 1 && first?.name !== undefined ? first.name : undefined,
      hasNestedColumn: schema.some(
        (spec) => spec.type === 'array' || spec.type === 'object' || spec.type === 'map',
      ),
    };
    cache.set(schema, info);
  }
  return info;
}
