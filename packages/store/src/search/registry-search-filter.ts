import { MillraceError } from '@millrace/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { PROMPT_TAG } from '../registry/registry-entities.js';
import {
  expectedNumber,
  expectedString,
  invalidAttributeKey,
  invalidComparator,
  invalidEntity,
  stringList,
  unsupportedNullCheck,
} from './search-errors.js';
import { parseSearchFilter, type SearchComparison } from './search-expression-parser.js';
import {
  compareNumber,
  compareString,
  type NumericComparator,
  type StringComparator,
} from './string-comparison.js';

/*
 * The filters of search-registered-models and search-model-versions (tracking spec §3.4.3,
 * §3.4.4): attributes and `tags.<key>`, joined by AND. Prompts (registered models tagged
 * `mlflow.prompt.is_prompt = 'true'`) only show when the filter asks for them.
 */

const ENTITIES: Readonly<Record<string, 'attribute' | 'tag'>> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  tag: 'tag',
  tags: 'tag',
};
const BASIC_COMPARATORS: readonly StringComparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const LIST_COMPARATORS: readonly StringComparator[] = [...BASIC_COMPARATORS, 'IN', 'NOT IN'];
const NUMERIC_COMPARATORS: readonly NumericComparator[] = ['=', '!=', '<', '<=', '>', '>='];

/** A registry attribute: a text column (`name` is the registered model's) or the version number. */
export type RegistryStringColumn = 'name' | 'run_id' | 'source';

export type RegistryCondition =
  | { entity: 'attribute'; column: RegistryStringColumn; comparator: StringComparator; value: string[] }
  | { entity: 'version'; comparator: NumericComparator; value: number }
  | { entity: 'tag'; key: string; comparator: StringComparator; value: string };

export interface RegistryFilter {
  conditions: RegistryCondition[];
  /** The filter asks for prompts (`tags.\`mlflow.prompt.is_prompt\` = 'true'` or `!= 'false'`). */
  queriesPrompts: boolean;
}

function checkedComparator<Comparator extends string>(
  comparison: SearchComparison,
  allowed: readonly Comparator[],
): Comparator {
  const comparator = comparison.comparator === '==' ? '=' : comparison.comparator;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  if (!(allowed as readonly string[]).includes(comparator))
    throw invalidComparator(comparison.comparator, allowed);
  return comparator as Comparator;
}

function tagCondition(comparison: SearchComparison): RegistryCondition {
  const comparator = checkedComparator(comparison, BASIC_COMPARATORS);
  if (comparison.value?.kind !== 'string') throw expectedString('tag', comparison.value);
  return { entity: 'tag', key: comparison.identifier.key, comparator, value: comparison.value.value };
}

function entityOf(comparison: SearchComparison): 'attribute' | 'tag' {
  const { entity } = comparison.identifier;
  if (entity === undefined) return 'attribute';
  const resolved = ENTITIES[entity];
  if (resolved === undefined) throw invalidEntity(entity, ['attribute', 'tag']);
  return resolved;
}

function queriesPrompts(conditions: readonly RegistryCondition[]): boolean {
  const promptCondition = conditions.find(
    (condition) => condition.entity === 'tag' && condition.key === PROMPT_TAG,
  );
  if (promptCondition?.entity !== 'tag') return false;
  const value = promptCondition.value.toLowerCase();
  return (
    (promptCondition.comparator === '=' && value === 'true') ||
    (promptCondition.comparator === '!=' && value === 'false')
  );
}

/** Parses a search-registered-models filter: `name` and tags, with = != LIKE ILIKE. */
export function parseRegisteredModelFilter(filter: string | undefined): RegistryFilter {
  const conditions = parseSearchFilter(filter).map((comparison): RegistryCondition => {
    if (entityOf(comparison) === 'tag') return tagCondition(comparison);
    if (comparison.identifier.key !== 'name') throw invalidAttributeKey(comparison.identifier.key, ['name']);
    const comparator = checkedComparator(comparison, BASIC_COMPARATORS);
    if (comparison.value?.kind !== 'string') throw expectedString('attribute', comparison.value);
    return { entity: 'attribute', column: 'name', comparator, value: [comparison.value.value] };
  });
  return { conditions, queriesPrompts: queriesPrompts(conditions) };
}

const VERSION_ATTRIBUTES: Readonly<Record<string, RegistryStringColumn>> = {
  name: 'name',
  run_id: 'run_id',
  source_path: 'source',
};

/**
 * Parses a search-model-versions filter: `name`, `run_id` (also IN / NOT IN), `source_path`,
 * `version_number` (numeric; a quoted number is accepted, as MLflow does) and tags.
 */
export function parseModelVersionFilter(filter: string | undefined): RegistryFilter {
  const conditions = parseSearchFilter(filter).map((comparison): RegistryCondition => {
    if (entityOf(comparison) === 'tag') return tagCondition(comparison);
    const { key } = comparison.identifier;
    if (key === 'version_number') {
      const comparator = checkedComparator(comparison, NUMERIC_COMPARATORS);
      const { value } = comparison;
      const number =
        value?.kind === 'number'
          ? value.value
          : value?.kind === 'string' && /^\s*[-+]?\d+(?:\.\d*)?\s*$/.test(value.value)
            ? Number(value.value)
            : undefined;
      if (number === undefined) throw expectedNumber('version_number', value);
      return { entity: 'version', comparator, value: number };
    }
    const column = VERSION_ATTRIBUTES[key];
    if (column === undefined)
      throw invalidAttributeKey(key, [...Object.keys(VERSION_ATTRIBUTES), 'version_number']);
    const comparator = checkedComparator(
      comparison,
      column === 'run_id' ? LIST_COMPARATORS : BASIC_COMPARATORS,
    );
    if (comparator === 'IN' || comparator === 'NOT IN') {
      return { entity: 'attribute', column, comparator, value: stringList(comparison.value) };
    }
    if (comparison.value?.kind !== 'string') throw expectedString('attribute', comparison.value);
    return { entity: 'attribute', column, comparator, value: [comparison.value.value] };
  });
  return { conditions, queriesPrompts: queriesPrompts(conditions) };
}

/** Registered model ids that are prompts. */
export function promptModelIdsSql(): RawBuilder<unknown> {
  return sql`select prompt_tags.registered_model_id from registered_model_tags as prompt_tags
    where prompt_tags.key = ${PROMPT_TAG} and lower(prompt_tags.value) = 'true'`;
}

/** A registered-models condition as SQL (on `registered_models`). */
export function registeredModelConditionSql(
  condition: RegistryCondition,
  dialect: DatabaseDialect,
): RawBuilder<SqlBool> {
  switch (condition.entity) {
    case 'attribute':
      return compareString(
        dialect,
        sql.ref<string>('registered_models.name'),
        condition.comparator,
        condition.value[0] ?? '',
      );
    case 'tag':
      return sql<SqlBool>`registered_models.registered_model_id in (select filtered_tags.registered_model_id
        from registered_model_tags as filtered_tags where filtered_tags.key = ${condition.key}
        and ${compareString(dialect, sql.ref<string>('filtered_tags.value'), condition.comparator, condition.value)})`;
    case 'version':
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        'Registered models have no version_number attribute.',
      );
  }
}

/** A model-versions condition as SQL (on `model_versions` joined with `registered_models`). */
export function modelVersionConditionSql(
  condition: RegistryCondition,
  dialect: DatabaseDialect,
): RawBuilder<SqlBool> {
  switch (condition.entity) {
    case 'attribute': {
      const column =
        condition.column === 'name'
          ? sql.ref<string>('registered_models.name')
          : sql.ref<string>(`model_versions.${condition.column}`);
      const list = condition.comparator === 'IN' || condition.comparator === 'NOT IN';
      return compareString(
        dialect,
        column,
        condition.comparator,
        list ? condition.value : (condition.value[0] ?? ''),
      );
    }
    case 'version':
      return compareNumber(sql.ref('model_versions.version'), condition.comparator, condition.value);
    case 'tag':
      return sql<SqlBool>`exists (select 1 from model_version_tags as filtered_tags
        where filtered_tags.registered_model_id = model_versions.registered_model_id
        and filtered_tags.version = model_versions.version and filtered_tags.key = ${condition.key}
        and ${compareString(dialect, sql.ref<string>('filtered_tags.value'), condition.comparator, condition.value)})`;
  }
}
