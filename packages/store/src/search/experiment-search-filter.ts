import { MillraceError } from '@millrace/core';
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect, StoreTables } from '../database/store-database.js';
import {
  expectedNumber,
  expectedString,
  invalidAttributeKey,
  invalidComparator,
  invalidEntity,
  unsupportedNullCheck,
} from './search-errors.js';
import { parseSearchFilter, type SearchComparison } from './search-expression-parser.js';
import { keyedValueFilter } from './keyed-value-filter.js';
import { compareNumber, compareString, type NumericComparator } from './string-comparison.js';

type ExperimentEntity = 'attribute' | 'tag';

const EXPERIMENT_ENTITIES: Record<string, ExperimentEntity> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  tag: 'tag',
  tags: 'tag',
};
const NUMERIC_ATTRIBUTES = ['creation_time', 'last_update_time'] as const;
const NUMERIC_COMPARATORS: readonly NumericComparator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'] as const;

type StringComparator = (typeof STRING_COMPARATORS)[number];
type NumericAttribute = (typeof NUMERIC_ATTRIBUTES)[number];

export type ExperimentCondition =
  | { entity: 'name'; comparator: StringComparator; value: string }
  | { entity: 'time'; column: NumericAttribute; comparator: NumericComparator; value: number }
  | { entity: 'tag'; key: string; comparator: StringComparator; value: string }
  | { entity: 'tag'; key: string; comparator: 'IS NULL' | 'IS NOT NULL' };

export function resolveExperimentEntity(entity: string | undefined): ExperimentEntity {
  if (entity === undefined) return 'attribute';
  const resolved = EXPERIMENT_ENTITIES[entity];
  if (resolved === undefined) throw invalidEntity(entity, ['attribute', 'tag']);
  return resolved;
}

function isStringComparator(comparator: string): comparator is StringComparator {
  return (STRING_COMPARATORS as readonly string[]).includes(comparator);
}

function condition(comparison: SearchComparison): ExperimentCondition {
  const { comparator, value, identifier } = comparison;
  if (resolveExperimentEntity(identifier.entity) === 'tag') {
    if (comparator === 'IS NULL' || comparator === 'IS NOT NULL')
      return { entity: 'tag', key: identifier.key, comparator };
    if (value?.kind !== 'string') throw expectedString('tag', value);
    if (!isStringComparator(comparator)) throw invalidComparator(comparator, STRING_COMPARATORS);
    return { entity: 'tag', key: identifier.key, comparator, value: value.value };
  }
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  if (identifier.key === 'name') {
    if (comparator === 'IN' || comparator === 'NOT IN') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid comparator '${comparator}' for attribute 'name': experiments can be filtered by name with =, !=, LIKE and ILIKE.`,
      );
    }
    if (value?.kind !== 'string') throw expectedString('attribute', value);
    if (!isStringComparator(comparator)) throw invalidComparator(comparator, STRING_COMPARATORS);
    return { entity: 'name', comparator, value: value.value };
  }
  const numeric = NUMERIC_ATTRIBUTES.find((attribute) => attribute === identifier.key);
  if (numeric === undefined) throw invalidAttributeKey(identifier.key, ['name', ...NUMERIC_ATTRIBUTES]);
  if (value?.kind !== 'number') throw expectedNumber(`numeric attribute: ${numeric}`, value);
  if (!(NUMERIC_COMPARATORS as readonly string[]).includes(comparator)) {
    throw invalidComparator(comparator, NUMERIC_COMPARATORS);
  }
  return { entity: 'time', column: numeric, comparator: comparator as NumericComparator, value: value.value };
}

/** Parses and checks a search-experiments filter (§3.4.2 of the tracking spec). */
export function parseExperimentFilter(filter: string | undefined): ExperimentCondition[] {
  return parseSearchFilter(filter).map(condition);
}

export function experimentConditionSql(
  expressions: ExpressionBuilder<StoreTables, 'experiments'>,
  experimentCondition: ExperimentCondition,
  dialect: DatabaseDialect,
): RawBuilder<SqlBool> {
  switch (experimentCondition.entity) {
    case 'name':
      return compareString(
        dialect,
        sql.ref('experiments.name'),
        experimentCondition.comparator,
        experimentCondition.value,
      );
    case 'time':
      return compareNumber(
        sql.ref(`experiments.${experimentCondition.column}`),
        experimentCondition.comparator,
        experimentCondition.value,
      );
    case 'tag': {
      return keyedValueFilter(
        dialect,
        { owner: 'experiments.experiment_id', table: 'experiment_tags', ownerColumn: 'experiment_id' },
        experimentCondition,
      );
    }
  }
}
