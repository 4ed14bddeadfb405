import { MillraceError } from '@millrace/core';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { LOGGED_MODEL_STATUSES } from '../logged-models/logged-model-entities.js';
import type { LoggedModelDatasetScope } from '../logged-models/logged-model-store.js';
import { expectedNumber, expectedString, invalidComparator, stringList } from './search-errors.js';
import { parseSearchFilter, type SearchComparison, type SearchValue } from './search-expression-parser.js';
import {
  compareNumber,
  compareString,
  type NumericComparator,
  type StringComparator,
} from './string-comparison.js';

/*
 * The filter of search-logged-models (tracking spec §3.4.6): comparisons joined by AND on
 * attributes (`name`, `model_id`, `model_type`, `status`, `source_run_id`, creation and update
 * times), `metrics.<key>`, `params.<key>` and `tags.<key>`.
 */

export type LoggedModelStringColumn = 'name' | 'model_id' | 'model_type' | 'status' | 'source_run_id';
export type LoggedModelTimeColumn = 'creation_timestamp_ms' | 'last_updated_timestamp_ms';

const STRING_ATTRIBUTES: Readonly<Record<string, LoggedModelStringColumn>> = {
  name: 'name',
  model_id: 'model_id',
  model_type: 'model_type',
  status: 'status',
  source_run_id: 'source_run_id',
};

/** Attribute names of the creation and update times (MLflow accepts each spelling). */
export const LOGGED_MODEL_TIME_ATTRIBUTES: Readonly<Record<string, LoggedModelTimeColumn>> = {
  creation_time: 'creation_timestamp_ms',
  creation_timestamp: 'creation_timestamp_ms',
  creation_timestamp_ms: 'creation_timestamp_ms',
  last_updated_timestamp: 'last_updated_timestamp_ms',
  last_updated_timestamp_ms: 'last_updated_timestamp_ms',
};

type Entity = 'attribute' | 'metric' | 'param' | 'tag';
const ENTITIES: Readonly<Record<string, Entity>> = {
  attribute: 'attribute',
  attributes: 'attribute',
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  tag: 'tag',
  tags: 'tag',
};

const NUMERIC_COMPARATORS: readonly NumericComparator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_COMPARATORS: readonly StringComparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

export type LoggedModelCondition =
  | { entity: 'attribute'; column: LoggedModelStringColumn; comparator: StringComparator; value: string[] }
  | { entity: 'time'; column: LoggedModelTimeColumn; comparator: NumericComparator; value: number }
  | { entity: 'metric'; key: string; comparator: NumericComparator; value: number }
  | { entity: 'param' | 'tag'; key: string; comparator: StringComparator; value: string[] };

function invalidFilter(filter: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid filter string: ${JSON.stringify(filter)}. Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').`,
  );
}

function numericComparator(comparison: SearchComparison): NumericComparator {
  const comparator = comparison.comparator === '==' ? '=' : comparison.comparator;
  if (!(NUMERIC_COMPARATORS as readonly string[]).includes(comparator)) {
    throw invalidComparator(comparison.comparator, NUMERIC_COMPARATORS);
  }
  return comparator as NumericComparator;
}

function stringComparator(comparison: SearchComparison): StringComparator {
  const comparator = comparison.comparator === '==' ? '=' : comparison.comparator;
  if (!(STRING_COMPARATORS as readonly string[]).includes(comparator)) {
    throw invalidComparator(comparison.comparator, STRING_COMPARATORS);
  }
  return comparator as StringComparator;
}

function stringValues(comparator: StringComparator, value: SearchValue | undefined, what: string): string[] {
  if (comparator === 'IN' || comparator === 'NOT IN') return stringList(value);
  if (value?.kind !== 'string') throw expectedString(what, value);
  return [value.value];
}

function numberValue(value: SearchValue | undefined, what: string): number {
  if (value?.kind === 'number') return value.value;
  throw expectedNumber(what, value);
}

/** Statuses are stored by name; a proto number (`'3'`) names one too. */
function statusName(value: string): string {
  return /^\d+$/.test(value) ? (LOGGED_MODEL_STATUSES[Number(value)] ?? value) : value;
}

function condition(comparison: SearchComparison): LoggedModelCondition {
  const { identifier, value } = comparison;
  const entity = identifier.entity === undefined ? 'attribute' : ENTITIES[identifier.entity];
  if (entity === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid entity type '${identifier.entity}'. Valid values are ['attributes', 'metrics', 'params', 'tags']`,
    );
  }
  if (comparison.comparator === 'IS NULL' || comparison.comparator === 'IS NOT NULL') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid comparator '${comparison.comparator}' for '${identifier.text}'.`,
    );
  }
  switch (entity) {
    case 'metric':
      return {
        entity: 'metric',
        key: identifier.key,
        comparator: numericComparator(comparison),
        value: numberValue(value, `metric: ${identifier.key}`),
      };
    case 'param':
    case 'tag': {
      const comparator = stringComparator(comparison);
      return { entity, key: identifier.key, comparator, value: stringValues(comparator, value, entity) };
    }
    case 'attribute': {
      const time = LOGGED_MODEL_TIME_ATTRIBUTES[identifier.key];
      if (time !== undefined) {
        return {
          entity: 'time',
          column: time,
          comparator: numericComparator(comparison),
          value: numberValue(value, `numeric attribute: ${identifier.key}`),
        };
      }
      const column = STRING_ATTRIBUTES[identifier.key];
      if (column === undefined) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `Invalid attribute key '${identifier.key}'. Valid keys are: ${[...Object.keys(STRING_ATTRIBUTES), ...Object.keys(LOGGED_MODEL_TIME_ATTRIBUTES)].join(', ')}.`,
        );
      }
      const comparator = stringComparator(comparison);
      const values = stringValues(comparator, value, 'attribute');
      return {
        entity: 'attribute',
        column,
        comparator,
        value: column === 'status' ? values.map(statusName) : values,
      };
    }
  }
}

/** Parses and checks a search-logged-models filter. */
export function parseLoggedModelFilter(filter: string | undefined): LoggedModelCondition[] {
  let comparisons: SearchComparison[];
  try {
    comparisons = parseSearchFilter(filter);
  } catch (error) {
    if (MillraceError.isInstance(error) && filter !== undefined) throw invalidFilter(filter);
    throw error;
  }
  return comparisons.map(condition);
}

/** `logged_model_metrics` rows on one of these datasets (true when there are none). */
export function datasetScopeSql(
  datasets: readonly LoggedModelDatasetScope[],
  alias: string,
): RawBuilder<SqlBool> {
  if (datasets.length === 0) return sql<SqlBool>`1 = 1`;
  const name = sql.ref(`${alias}.dataset_name`);
  const digest = sql.ref(`${alias}.dataset_digest`);
  return sql<SqlBool>`(${sql.join(
    datasets.map((dataset) =>
      dataset.datasetDigest === undefined || dataset.datasetDigest === ''
        ? sql`${name} = ${dataset.datasetName}`
        : sql`(${name} = ${dataset.datasetName} and ${digest} = ${dataset.datasetDigest})`,
    ),
    sql` or `,
  )})`;
}

function compareValues(
  dialect: DatabaseDialect,
  column: RawBuilder<string>,
  comparator: StringComparator,
  values: string[],
): RawBuilder<SqlBool> {
  return compareString(
    dialect,
    column,
    comparator,
    comparator === 'IN' || comparator === 'NOT IN' ? values : (values[0] ?? ''),
  );
}

/** A condition on `logged_models` as SQL; metric conditions only see points on `datasets` (if any). */
export function loggedModelConditionSql(
  loggedModelCondition: LoggedModelCondition,
  dialect: DatabaseDialect,
  datasets: readonly LoggedModelDatasetScope[],
): RawBuilder<SqlBool> {
  switch (loggedModelCondition.entity) {
    case 'attribute':
      return compareValues(
        dialect,
        sql.ref<string>(`logged_models.${loggedModelCondition.column}`),
        loggedModelCondition.comparator,
        loggedModelCondition.value,
      );
    case 'time':
      return compareNumber(
        sql.ref(`logged_models.${loggedModelCondition.column}`),
        loggedModelCondition.comparator,
        loggedModelCondition.value,
      );
    case 'metric':
      return sql<SqlBool>`logged_models.model_id in (select filtered_metrics.model_id from logged_model_metrics as filtered_metrics
        where filtered_metrics.key = ${loggedModelCondition.key} and filtered_metrics.is_nan = 0
        and ${compareNumber(sql.ref('filtered_metrics.value'), loggedModelCondition.comparator, loggedModelCondition.value)}
        and ${datasetScopeSql(datasets, 'filtered_metrics')})`;
    case 'param':
    case 'tag': {
      const table = sql.table(
        loggedModelCondition.entity === 'param' ? 'logged_model_params' : 'logged_model_tags',
      );
      return sql<SqlBool>`logged_models.model_id in (select filtered.model_id from ${table} as filtered
        where filtered.key = ${loggedModelCondition.key}
        and ${compareValues(dialect, sql.ref<string>('filtered.value'), loggedModelCondition.comparator, loggedModelCondition.value)})`;
    }
  }
}

/** Models with at least one metric point on one of these datasets. */
export function hasDatasetMetricSql(datasets: readonly LoggedModelDatasetScope[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`logged_models.model_id in (select scoped_metrics.model_id from logged_model_metrics as scoped_metrics
    where ${datasetScopeSql(datasets, 'scoped_metrics')})`;
}
