import { MillraceError } from '@millrace/core';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { applyLoggedModelOrderBy, parseLoggedModelOrderBy } from '../search/logged-model-order-by.js';
import {
  decodeLoggedModelPageToken,
  encodeLoggedModelPageToken,
  loggedModelSearchState,
} from '../search/logged-model-page-token.js';
import {
  hasDatasetMetricSql,
  loggedModelConditionSql,
  parseLoggedModelFilter,
} from '../search/logged-model-search-filter.js';
import { validateMaxResults } from '../search/max-results.js';
import { parseExperimentId } from '../tracking/experiments.js';
import type { Page } from '../tracking/tracking-entities.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import type { LoggedModel } from './logged-model-entities.js';
import { loadLoggedModels } from './logged-model-loading.js';
import type { SearchLoggedModelsQuery } from './logged-model-store.js';

/** MLflow's default page size of search-logged-models. */
export const SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS = 50;

/**
 * search-logged-models (tracking spec §3.4.6): active models of the given experiments, filtered
 * and ordered; page tokens carry the request they belong to and are refused with another one.
 */
export async function searchLoggedModels(
  context: SqlStoreContext,
  query: SearchLoggedModelsQuery,
): Promise<Page<LoggedModel>> {
  if (query.experimentIds.length === 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "Missing value for required parameter 'experiment_ids'.",
    );
  }
  const experimentIds = query.experimentIds.map(parseExperimentId);
  const datasets = query.datasets ?? [];
  if (datasets.some((dataset) => dataset.datasetName === '')) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      '`dataset_name` in the `datasets` clause must be specified.',
    );
  }
  const maxResults = validateMaxResults(
    query.maxResults ?? SEARCH_LOGGED_MODELS_DEFAULT_MAX_RESULTS,
    TRACKING_LIMITS.searchMaxResults,
  );
  const conditions = parseLoggedModelFilter(query.filter);
  const orderKeys = parseLoggedModelOrderBy(query.orderBy);
  const state = loggedModelSearchState(query.experimentIds, query.filter, query.orderBy);
  const offset = decodeLoggedModelPageToken(query.pageToken, state);

  let select = context.db
    .selectFrom('logged_models')
    .selectAll('logged_models')
    .where('logged_models.experiment_id', 'in', experimentIds)
    .where('logged_models.lifecycle_stage', '=', 'active');
  for (const condition of conditions) {
    select = select.where(() => loggedModelConditionSql(condition, context.dialect, datasets));
  }
  if (datasets.length > 0 && !conditions.some((condition) => condition.entity === 'metric')) {
    select = select.where(() => hasDatasetMetricSql(datasets));
  }
  const rows = await applyLoggedModelOrderBy(select, orderKeys)
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const items = await loadLoggedModels(context.db, hasMore ? rows.slice(0, maxResults) : rows);
  return hasMore
    ? { items, nextPageToken: encodeLoggedModelPageToken(state, offset + maxResults) }
    : { items };
}
