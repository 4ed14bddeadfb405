import { MillraceError } from '@millrace/core';
import { sql, type SelectQueryBuilder, type Selectable } from 'kysely';
import type { StoreTables } from '../database/store-database.js';
import type { RunsTable } from '../database/tracking-tables.js';
import { pythonRepr } from '../validation/python-repr.js';
import {
  RUN_NUMERIC_ATTRIBUTES,
  RUN_STRING_ATTRIBUTES,
  resolveRunEntity,
  type RunNumericColumn,
  type RunStringColumn,
} from './run-search-filter.js';
import { parseOrderByClause } from './search-expression-parser.js';

export type RunOrderKey =
  | { entity: 'metric' | 'param' | 'tag'; key: string; ascending: boolean }
  | { entity: 'attribute'; column: RunStringColumn | RunNumericColumn; ascending: boolean };

/** What a row of the runs search selects: the runs columns. */
type RunsQuery = SelectQueryBuilder<StoreTables, 'runs', Selectable<RunsTable>>;

function orderKey(clause: string): RunOrderKey {
  const parsed = parseOrderByClause(clause);
  const entity = resolveRunEntity(parsed.identifier.entity);
  const key = parsed.identifier.key;
  if (entity === 'attribute') {
    const column = RUN_STRING_ATTRIBUTES[key] ?? RUN_NUMERIC_ATTRIBUTES[key];
    if (column === undefined) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid attribute key '${key}' specified in order_by clause '${clause}'.`,
      );
    }
    return { entity, column, ascending: parsed.ascending };
  }
  if (entity === 'dataset') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid order_by entity: ${parsed.identifier.entity ?? entity}`,
    );
  }
  return { entity, key, ascending: parsed.ascending };
}

/** Parses search-runs `order_by` items; the same field twice is INVALID_PARAMETER_VALUE. */
export function parseRunOrderBy(clauses: readonly string[] | undefined): RunOrderKey[] {
  const keys = (clauses ?? []).map(orderKey);
  const seen = new Set<string>();
  for (const key of keys) {
    const identity = key.entity === 'attribute' ? `attribute:${key.column}` : `${key.entity}:${key.key}`;
    if (seen.has(identity)) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `\`order_by\` contains duplicate fields: ${pythonRepr([...(clauses ?? [])])}`,
      );
    }
    seen.add(identity);
  }
  return keys;
}

/**
 * Orders a runs query: each key in turn, then `start_time DESC` (unless ordered by start time
 * already) and `run_uuid ASC`. Metrics order real values first, then NaN, then runs without the
 * metric, in both directions; params, tags and end_time put missing values last.
 */
export function applyRunOrderBy(query: RunsQuery, keys: readonly RunOrderKey[]): RunsQuery {
  let ordered = query;
  keys.forEach((key, index) => {
    const direction = key.ascending ? sql`asc` : sql`desc`;
    if (key.entity === 'attribute') {
      const column = sql.ref(`runs.${key.column}`);
      if (key.column === 'end_time')
        ordered = ordered.orderBy(sql`case when ${column} is null then 1 else 0 end`);
      ordered = ordered.orderBy(sql`${column} ${direction}`);
      return;
    }
    const alias = `order_${index}`;
    const table =
      key.entity === 'metric' ? 'run_latest_metrics' : key.entity === 'param' ? 'run_params' : 'run_tags';
    ordered = ordered.leftJoin(`${table} as ${alias}`, (join) =>
      join.onRef(`${alias}.run_uuid`, '=', 'runs.run_uuid').on(`${alias}.key`, '=', key.key),
    );
    const joinedRun = sql.ref(`${alias}.run_uuid`);
    ordered =
      key.entity === 'metric'
        ? ordered.orderBy(
            sql`case when ${joinedRun} is null then 2 when ${sql.ref(`${alias}.is_nan`)} = 1 then 1 else 0 end`,
          )
        : ordered.orderBy(sql`case when ${joinedRun} is null then 1 else 0 end`);
    ordered = ordered.orderBy(sql`${sql.ref(`${alias}.value`)} ${direction}`);
  });
  if (!keys.some((key) => key.entity === 'attribute' && key.column === 'start_time')) {
    ordered = ordered.orderBy('runs.start_time', 'desc');
  }
  return ordered.orderBy('runs.run_uuid', 'asc');
}
