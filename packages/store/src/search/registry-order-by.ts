import { MillraceError } from '@millrace/core';
import { parseOrderByClause } from './search-expression-parser.js';

/*
 * order_by of the registry searches: `<attribute> [ASC|DESC]` items, each attribute once.
 */

export interface RegistryOrderKey<Column extends string> {
  column: Column;
  ascending: boolean;
}

const ATTRIBUTE_ENTITIES = new Set(['attribute', 'attributes', 'attr']);

function parseRegistryOrderBy<Column extends string>(
  clauses: readonly string[] | undefined,
  columns: Readonly<Record<string, Column>>,
  shownKeys: readonly string[],
): RegistryOrderKey<Column>[] {
  const keys: RegistryOrderKey<Column>[] = [];
  for (const clause of clauses ?? []) {
    const parsed = parseOrderByClause(clause);
    const { entity, key } = parsed.identifier;
    const column = entity === undefined || ATTRIBUTE_ENTITIES.has(entity) ? columns[key] : undefined;
    if (column === undefined) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid order by key '${parsed.identifier.text}' specified. Valid keys are '{${shownKeys.map((shown) => `'${shown}'`).join(', ')}}'`,
      );
    }
    if (keys.some((existing) => existing.column === column)) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `\`order_by\` contains duplicate fields: [${(clauses ?? []).map((item) => `'${item}'`).join(', ')}]`,
      );
    }
    keys.push({ column, ascending: parsed.ascending });
  }
  return keys;
}

export type RegisteredModelOrderColumn = 'name' | 'creation_time' | 'last_updated_time';

/**
 * search-registered-models order_by: `name`, `timestamp` / `last_updated_timestamp` (both the
 * update time, as in MLflow's SQL store), `creation_timestamp`. `name ASC` breaks ties.
 */
export function parseRegisteredModelOrderBy(
  clauses: readonly string[] | undefined,
): RegistryOrderKey<RegisteredModelOrderColumn>[] {
  const keys = parseRegistryOrderBy<RegisteredModelOrderColumn>(
    clauses,
    {
      name: 'name',
      timestamp: 'last_updated_time',
      last_updated_timestamp: 'last_updated_time',
      creation_timestamp: 'creation_time',
    },
    ['creation_timestamp', 'last_updated_timestamp', 'name', 'timestamp'],
  );
  if (!keys.some((key) => key.column === 'name')) keys.push({ column: 'name', ascending: true });
  return keys;
}

export type ModelVersionOrderColumn = 'name' | 'version' | 'creation_time' | 'last_updated_time';

/**
 * search-model-versions order_by: `name`, `version_number`, `creation_timestamp`,
 * `last_updated_timestamp` (or `timestamp`). Default: last updated first; `name ASC` and then
 * `version DESC` break ties.
 */
export function parseModelVersionOrderBy(
  clauses: readonly string[] | undefined,
): RegistryOrderKey<ModelVersionOrderColumn>[] {
  const keys = parseRegistryOrderBy<ModelVersionOrderColumn>(
    clauses,
    {
      name: 'name',
      version_number: 'version',
      creation_timestamp: 'creation_time',
      last_updated_timestamp: 'last_updated_time',
      timestamp: 'last_updated_time',
    },
    ['creation_timestamp', 'last_updated_timestamp', 'name', 'version_number'],
  );
  if (keys.length === 0) keys.push({ column: 'last_updated_time', ascending: false });
  if (!keys.some((key) => key.column === 'name')) keys.push({ column: 'name', ascending: true });
  if (!keys.some((key) => key.column === 'version')) keys.push({ column: 'version', ascending: false });
  return keys;
}
