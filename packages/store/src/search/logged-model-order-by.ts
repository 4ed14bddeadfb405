import { MillraceError } from '@millrace/core';
import { sql, type RawBuilder, type SelectQueryBuilder, type Selectable } from 'kysely';
import type { LoggedModelsTable } from '../database/logged-model-tables.js';
import type { StoreTables } from '../database/store-database.js';
import type { LoggedModelOrderBy } from '../logged-models/logged-model-store.js';
import { datasetScopeSql, LOGGED_MODEL_TIME_ATTRIBUTES } from './logged-model-search-filter.js';

type LoggedModelColumn = keyof LoggedModelsTable & string;

const ORDERABLE_ATTRIBUTES: Readonly<Record<string, LoggedModelColumn>> = {
  ...LOGGED_MODEL_TIME_ATTRIBUTES,
  name: 'name',
  model_id: 'model_id',
  model_type: 'model_type',
  status: 'status',
  source_run_id: 'source_run_id',
  experiment_id: 'experiment_id',
};

export type LoggedModelOrderKey =
  | { kind: 'attribute'; column: LoggedModelColumn; ascending: boolean }
  | { kind: 'metric'; key: string; ascending: boolean; datasetName?: string; datasetDigest?: string };

/** Checks search-logged-models `order_by` items: attributes, or `metrics.<key>` (latest value). */
export function parseLoggedModelOrderBy(
  orderBy: readonly LoggedModelOrderBy[] | undefined,
): LoggedModelOrderKey[] {
  return (orderBy ?? []).map((item) => {
    const ascending = item.ascending ?? true;
    const dot = item.fieldName.indexOf('.');
    if (dot === -1) {
      const column = ORDERABLE_ATTRIBUTES[item.fieldName];
      if (column === undefined) {
        throw new MillraceError('INVALID_PARAMETER_VALUE', `Invalid order by field name: ${item.fieldName}`);
      }
      return { kind: 'attribute', column, ascending };
    }
    const entity = item.fieldName.slice(0, dot);
    if (entity !== 'metrics') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid order by field name: ${entity}. Only metric fields are supported.`,
      );
    }
    const key: LoggedModelOrderKey = { kind: 'metric', key: item.fieldName.slice(dot + 1), ascending };
    if (item.datasetName !== undefined && item.datasetName !== '') key.datasetName = item.datasetName;
    if (item.datasetDigest !== undefined && item.datasetDigest !== '') key.datasetDigest = item.datasetDigest;
    return key;
  });
}

/** The latest value (greatest step, then timestamp) of a model's metric; NULL when absent or NaN. */
function latestMetricValue(key: Extract<LoggedModelOrderKey, { kind: 'metric' }>): RawBuilder<number | null> {
  const scope =
    key.datasetName === undefined
      ? sql`1 = 1`
      : datasetScopeSql(
          [
            key.datasetDigest === undefined
              ? { datasetName: key.datasetName }
              : { datasetName: key.datasetName, datasetDigest: key.datasetDigest },
          ],
          'ordered_metrics',
        );
  return sql<
    number | null
  >`(select case when ordered_metrics.is_nan = 1 then null else ordered_metrics.value end
    from logged_model_metrics as ordered_metrics
    where ordered_metrics.model_id = logged_models.model_id and ordered_metrics.key = ${key.key} and ${scope}
    order by ordered_metrics.step desc, ordered_metrics.timestamp desc, ordered_metrics.sequence desc limit 1)`;
}

type LoggedModelQuery = SelectQueryBuilder<StoreTables, 'logged_models', Selectable<LoggedModelsTable>>;

/**
 * Orders a logged-models query: the given keys, missing values last in either direction, then
 * newest first (unless the creation time is already a key), then model id for a stable order.
 */
export function applyLoggedModelOrderBy(
  query: LoggedModelQuery,
  keys: readonly LoggedModelOrderKey[],
): LoggedModelQuery {
  let ordered = query;
  for (const key of keys) {
    const value = key.kind === 'attribute' ? sql.ref(`logged_models.${key.column}`) : latestMetricValue(key);
    ordered = ordered
      .orderBy(sql`case when ${value} is null then 1 else 0 end`)
      .orderBy(value, key.ascending ? 'asc' : 'desc');
  }
  if (!keys.some((key) => key.kind === 'attribute' && key.column === 'creation_timestamp_ms')) {
    ordered = ordered.orderBy('logged_models.creation_timestamp_ms', 'desc');
  }
  return ordered.orderBy('logged_models.model_id', 'asc');
}
