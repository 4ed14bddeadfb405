import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';

export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';
export type NumericComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const NUMERIC_SQL: Record<NumericComparator, RawBuilder<unknown>> = {
  '=': sql`=`,
  '!=': sql`<>`,
  '<': sql`<`,
  '<=': sql`<=`,
  '>': sql`>`,
  '>=': sql`>=`,
};

/** LIKE's `%` and `_` as GLOB's `*` and `?`, GLOB's own specials matched literally. */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const character of pattern) {
    if (character === '%') glob += '*';
    else if (character === '_') glob += '?';
    else if (character === '*' || character === '?' || character === '[') glob += `[${character}]`;
    else glob += character;
  }
  return glob;
}

/**
 * A string comparison with MLflow's semantics on both dialects: `=`/`!=`/LIKE case-sensitive,
 * ILIKE case-insensitive. SQLite's LIKE ignores ASCII case (and this build cannot switch that
 * off), so LIKE is compiled to the equivalent GLOB there; PostgreSQL has LIKE and ILIKE.
 */
export function compareString(
  dialect: DatabaseDialect,
  column: Expression<string>,
  comparator: StringComparator,
  value: string | readonly string[],
): RawBuilder<SqlBool> {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const values = typeof value === 'string' ? [value] : value;
    const list = sql.join(values.map((item) => sql`${item}`));
    return comparator === 'IN'
      ? sql<SqlBool>`${column} in (${list})`
      : sql<SqlBool>`${column} not in (${list})`;
  }
  const text = typeof value === 'string' ? value : (value[0] ?? '');
  switch (comparator) {
    case '=':
      return sql<SqlBool>`${column} = ${text}`;
    case '!=':
      return sql<SqlBool>`${column} <> ${text}`;
    case 'LIKE':
      return dialect === 'sqlite'
        ? sql<SqlBool>`${column} glob ${likeToGlob(text)}`
        : sql<SqlBool>`${column} like ${text}`;
    case 'ILIKE':
      return dialect === 'sqlite'
        ? sql<SqlBool>`${column} like ${text}`
        : sql<SqlBool>`${column} ilike ${text}`;
  }
}

/** `column <comparator> value` for numbers; the operator comes from a fixed table, never from input. */
export function compareNumber(
  column: Expression<unknown>,
  comparator: NumericComparator,
  value: number,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} ${NUMERIC_SQL[comparator]} ${value}`;
}
