import { MillraceError } from '@millrace/core';
import type { SelectQueryBuilder, Selectable } from 'kysely';
import type { StoreTables } from '../database/store-database.js';
import type { ExperimentsTable } from '../database/tracking-tables.js';
import { resolveExperimentEntity } from './experiment-search-filter.js';
import { parseOrderByClause } from './search-expression-parser.js';

const ORDERABLE_ATTRIBUTES = ['name', 'experiment_id', 'creation_time', 'last_update_time'] as const;
export type ExperimentOrderColumn = (typeof ORDERABLE_ATTRIBUTES)[number];

export interface ExperimentOrderKey {
  column: ExperimentOrderColumn;
  ascending: boolean;
}

/** Parses search-experiments `order_by` items: name, experiment_id, creation_time, last_update_time. */
export function parseExperimentOrderBy(clauses: readonly string[] | undefined): ExperimentOrderKey[] {
  return (clauses ?? []).map((clause) => {
    const parsed = parseOrderByClause(clause);
    const entity = parsed.identifier.entity;
    if (entity !== undefined && resolveExperimentEntity(entity) === 'tag') {
      throw new MillraceError('INVALID_PARAMETER_VALUE', 'Invalid order_by entity: tag');
    }
    const column = ORDERABLE_ATTRIBUTES.find((attribute) => attribute === parsed.identifier.key);
    if (column === undefined) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid order_by key '${parsed.identifier.key}': experiments can be ordered by ${ORDERABLE_ATTRIBUTES.join(', ')}.`,
      );
    }
    return { column, ascending: parsed.ascending };
  });
}

/**
 * Orders an experiments query. Default: newest first (`creation_time DESC`). `experiment_id` breaks
 * ties, in the direction of the first key when that is a time (ids grow with creation time), else
 * ascending.
 */
export function applyExperimentOrderBy(
  query: SelectQueryBuilder<StoreTables, 'experiments', Selectable<ExperimentsTable>>,
  orderKeys: readonly ExperimentOrderKey[],
): SelectQueryBuilder<StoreTables, 'experiments', Selectable<ExperimentsTable>> {
  const keys: ExperimentOrderKey[] =
    orderKeys.length > 0 ? [...orderKeys] : [{ column: 'creation_time', ascending: false }];
  if (!keys.some((key) => key.column === 'experiment_id')) {
    const first = keys[0];
    const timeFirst =
      first !== undefined && (first.column === 'creation_time' || first.column === 'last_update_time');
    keys.push({ column: 'experiment_id', ascending: timeFirst ? first.ascending : true });
  }
  let ordered = query;
  for (const key of keys)
    ordered = ordered.orderBy(`experiments.${key.column}`, key.ascending ? 'asc' : 'desc');
  return ordered;
}
