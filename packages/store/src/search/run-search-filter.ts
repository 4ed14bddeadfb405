import { MillraceError } from '@millrace/core';
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect, StoreTables } from '../database/store-database.js';
import { DATASET_CONTEXT_TAG } from '../tracking/tracking-entities.js';
import {
  expectedNumber,
  expectedString,
  invalidAttributeKey,
  invalidComparator,
  invalidEntity,
  stringList,
  unsupportedNullCheck,
} from './search-errors.js';
import { keyedValueFilter } from './keyed-value-filter.js';
import { parseSearchFilter, type SearchComparison } from './search-expression-parser.js';
import {
  compareNumber,
  compareString,
  type NumericComparator,
  type StringComparator,
} from './string-comparison.js';

export type RunEntity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

const RUN_ENTITIES: Record<string, RunEntity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};
const VALID_ENTITY_NAMES = ['metric', 'parameter', 'tag', 'attribute', 'dataset'];

export type RunStringColumn = 'run_uuid' | 'name' | 'user_id' | 'status' | 'artifact_uri';
export type RunNumericColumn = 'start_time' | 'end_time';

/** Attribute names accepted in filters and order_by, and the runs column each stands for. */
export const RUN_STRING_ATTRIBUTES: Record<string, RunStringColumn> = {
  run_id: 'run_uuid',
  run_name: 'name',
  'run name': 'name',
  'Run name': 'name',
  'Run Name': 'name',
  user_id: 'user_id',
  status: 'status',
  artifact_uri: 'artifact_uri',
};
export const RUN_NUMERIC_ATTRIBUTES: Record<string, RunNumericColumn> = {
  start_time: 'start_time',
  end_time: 'end_time',
  created: 'start_time',
  Created: 'start_time',
};
const ALL_ATTRIBUTE_KEYS = [...Object.keys(RUN_STRING_ATTRIBUTES), ...Object.keys(RUN_NUMERIC_ATTRIBUTES)];

const NUMERIC_COMPARATORS: readonly NumericComparator[] = ['=', '!=', '<', '<=', '>', '>='];
const KEY_VALUE_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
const STRING_ATTRIBUTE_COMPARATORS: readonly StringComparator[] = [
  '=',
  '!=',
  'LIKE',
  'ILIKE',
  'IN',
  'NOT IN',
];
const DATASET_FIELDS = ['name', 'digest', 'context'] as const;
type DatasetField = (typeof DATASET_FIELDS)[number];

/** One checked comparison of a run search. */
export type RunCondition =
  | { entity: 'metric'; key: string; comparator: NumericComparator; value: number }
  | {
      entity: 'param' | 'tag';
      key: string;
      comparator: (typeof KEY_VALUE_COMPARATORS)[number];
      value: string;
    }
  | { entity: 'param' | 'tag'; key: string; comparator: 'IS NULL' | 'IS NOT NULL' }
  | { entity: 'attribute'; column: RunStringColumn; comparator: StringComparator; value: string | string[] }
  | { entity: 'attribute'; column: RunNumericColumn; comparator: NumericComparator; value: number }
  | { entity: 'dataset'; field: DatasetField; comparator: StringComparator; value: string | string[] };

/** The entity a run-search prefix names (`metrics` → metric; no prefix → attribute). */
export function resolveRunEntity(entity: string | undefined): RunEntity {
  if (entity === undefined) return 'attribute';
  const resolved = RUN_ENTITIES[entity];
  if (resolved === undefined) throw invalidEntity(entity, VALID_ENTITY_NAMES);
  return resolved;
}

function isNumericComparator(comparator: string): comparator is NumericComparator {
  return (NUMERIC_COMPARATORS as readonly string[]).includes(comparator);
}

function metricCondition(comparison: SearchComparison): RunCondition {
  const { comparator, value } = comparison;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  if (value?.kind !== 'number') throw expectedNumber('metric', value);
  if (!isNumericComparator(comparator)) throw invalidComparator(comparator, NUMERIC_COMPARATORS);
  return { entity: 'metric', key: comparison.identifier.key, comparator, value: value.value };
}

function keyValueCondition(entity: 'param' | 'tag', comparison: SearchComparison): RunCondition {
  const { comparator, value } = comparison;
  const key = comparison.identifier.key;
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') return { entity, key, comparator };
  if (value?.kind !== 'string') throw expectedString(entity === 'param' ? 'parameter' : 'tag', value);
  const allowed: readonly string[] = KEY_VALUE_COMPARATORS;
  if (!allowed.includes(comparator)) throw invalidComparator(comparator, KEY_VALUE_COMPARATORS);
  return {
    entity,
    key,
    comparator: comparator as (typeof KEY_VALUE_COMPARATORS)[number],
    value: value.value,
  };
}

function attributeCondition(comparison: SearchComparison): RunCondition {
  const { comparator, value } = comparison;
  const key = comparison.identifier.key;
  const stringColumn = RUN_STRING_ATTRIBUTES[key];
  const numericColumn = RUN_NUMERIC_ATTRIBUTES[key];
  if (stringColumn === undefined && numericColumn === undefined)
    throw invalidAttributeKey(key, ALL_ATTRIBUTE_KEYS);
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  if (numericColumn !== undefined) {
    if (value?.kind !== 'number') throw expectedNumber(`numeric attribute: ${key}`, value);
    if (!isNumericComparator(comparator)) throw invalidComparator(comparator, NUMERIC_COMPARATORS);
    return { entity: 'attribute', column: numericColumn, comparator, value: value.value };
  }
  const column = stringColumn as RunStringColumn;
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (column !== 'run_uuid') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        "Only the 'run_id' attribute supports comparison with a list of quoted string values.",
      );
    }
    return { entity: 'attribute', column, comparator, value: stringList(value) };
  }
  if (value?.kind !== 'string') throw expectedString('attribute', value);
  if (!(STRING_ATTRIBUTE_COMPARATORS as readonly string[]).includes(comparator)) {
    throw invalidComparator(comparator, STRING_ATTRIBUTE_COMPARATORS);
  }
  return { entity: 'attribute', column, comparator: comparator as StringComparator, value: value.value };
}

function datasetCondition(comparison: SearchComparison): RunCondition {
  const { comparator, value } = comparison;
  const field = comparison.identifier.key;
  if (!(DATASET_FIELDS as readonly string[]).includes(field)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid dataset key '${field}' specified. Valid keys are ['name', 'digest', 'context']`,
    );
  }
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') throw unsupportedNullCheck(comparison);
  if (!(STRING_ATTRIBUTE_COMPARATORS as readonly string[]).includes(comparator)) {
    throw invalidComparator(comparator, STRING_ATTRIBUTE_COMPARATORS);
  }
  const datasetField = field as DatasetField;
  if (comparator === 'IN' || comparator === 'NOT IN') {
    return { entity: 'dataset', field: datasetField, comparator, value: stringList(value) };
  }
  if (value?.kind !== 'string') throw expectedString('dataset', value);
  return {
    entity: 'dataset',
    field: datasetField,
    comparator: comparator as StringComparator,
    value: value.value,
  };
}

/** Parses and checks a search-runs filter (§3.4.1 of the tracking spec). */
export function parseRunFilter(filter: string | undefined): RunCondition[] {
  return parseSearchFilter(filter).map((comparison) => {
    switch (resolveRunEntity(comparison.identifier.entity)) {
      case 'metric':
        return metricCondition(comparison);
      case 'param':
        return keyValueCondition('param', comparison);
      case 'tag':
        return keyValueCondition('tag', comparison);
      case 'attribute':
        return attributeCondition(comparison);
      case 'dataset':
        return datasetCondition(comparison);
    }
  });
}

type RunsExpressionBuilder = ExpressionBuilder<StoreTables, 'runs'>;

/**
 * A run condition as SQL on the `runs` row: metric/param/tag and dataset conditions are
 * `runs.run_uuid IN (subquery)` (the subquery can use the (key, value) indexes); attributes are
 * column comparisons. A metric comparison matches the latest value only, never a missing metric;
 * NaN matches `!=` only (IEEE semantics). `!=` on params and tags matches runs that have the key.
 */
export function runConditionSql(
  expressions: RunsExpressionBuilder,
  condition: RunCondition,
  dialect: DatabaseDialect,
): RawBuilder<SqlBool> {
  switch (condition.entity) {
    case 'metric': {
      const matching = expressions
        .selectFrom('run_latest_metrics')
        .select('run_latest_metrics.run_uuid')
        .where('run_latest_metrics.key', '=', condition.key)
        .where(
          condition.comparator === '!='
            ? sql<SqlBool>`(run_latest_metrics.is_nan = 1 or ${compareNumber(sql.ref('run_latest_metrics.value'), '!=', condition.value)})`
            : sql<SqlBool>`run_latest_metrics.is_nan = 0 and ${compareNumber(sql.ref('run_latest_metrics.value'), condition.comparator, condition.value)}`,
        );
      return sql<SqlBool>`runs.run_uuid in (${matching})`;
    }
    case 'param':
    case 'tag': {
      const table = condition.entity === 'param' ? 'run_params' : 'run_tags';
      return keyedValueFilter(dialect, { owner: 'runs.run_uuid', table, ownerColumn: 'run_uuid' }, condition);
    }
    case 'attribute':
      return typeof condition.value === 'number'
        ? compareNumber(
            sql.ref(`runs.${condition.column}`),
            condition.comparator as NumericComparator,
            condition.value,
          )
        : compareString(
            dialect,
            sql.ref(`runs.${condition.column}`),
            condition.comparator as StringComparator,
            condition.value,
          );
    case 'dataset': {
      let matching = expressions
        .selectFrom('inputs')
        .innerJoin('datasets', 'datasets.dataset_uuid', 'inputs.source_id')
        .select('inputs.destination_id')
        .where('inputs.source_type', '=', 'DATASET')
        .where('inputs.destination_type', '=', 'RUN');
      if (condition.field === 'context') {
        matching = matching
          .innerJoin('input_tags', 'input_tags.input_uuid', 'inputs.input_uuid')
          .where('input_tags.name', '=', DATASET_CONTEXT_TAG)
          .where(compareString(dialect, sql.ref('input_tags.value'), condition.comparator, condition.value));
      } else {
        matching = matching.where(
          compareString(
            dialect,
            sql.ref(`datasets.${condition.field}`),
            condition.comparator,
            condition.value,
          ),
        );
      }
      return sql<SqlBool>`runs.run_uuid in (${matching})`;
    }
  }
}
