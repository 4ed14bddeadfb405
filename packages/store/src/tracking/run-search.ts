import { applyRunOrderBy, parseRunOrderBy } from '../search/run-order-by.js';
import { parseRunFilter, runConditionSql } from '../search/run-search-filter.js';
import { validateMaxResults } from '../search/max-results.js';
import { decodePageToken, nextPageToken } from '../search/page-token.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { parseExperimentId } from './experiments.js';
import { loadRuns } from './run-loading.js';
import type { TrackingStoreContext } from './store-context.js';
import type { Page, Run } from './tracking-entities.js';
import type { SearchRunsQuery } from './tracking-store.js';

/** Experiment ids to search: non-integers are refused, ids too large to exist are dropped. */
function searchedExperimentIds(experimentIds: readonly string[]): number[] {
  const ids: number[] = [];
  for (const experimentId of experimentIds) {
    try {
      ids.push(parseExperimentId(experimentId));
    } catch (error) {
      if (!/^\d+$/.test(experimentId)) throw error;
    }
  }
  return ids;
}

/**
 * search-runs: the filter grammar of §3.4.1, `order_by` with MLflow's default order
 * (start_time DESC, run_id ASC), offset page tokens. One query selects the page of runs (plus one
 * row to know whether another page exists); their data is then read in bulk.
 */
export async function searchRuns(context: TrackingStoreContext, query: SearchRunsQuery): Promise<Page<Run>> {
  const maxResults = validateMaxResults(
    query.maxResults ?? TRACKING_LIMITS.searchRunsDefaultMaxResults,
    TRACKING_LIMITS.searchMaxResults,
  );
  const experimentIds = searchedExperimentIds(query.experimentIds);
  const conditions = parseRunFilter(query.filter);
  const orderKeys = parseRunOrderBy(query.orderBy);
  const offset = decodePageToken(query.pageToken);
  if (experimentIds.length === 0) return { items: [] };

  let select = context.db
    .selectFrom('runs')
    .selectAll('runs')
    .where('runs.experiment_id', 'in', experimentIds);
  const viewType = query.viewType ?? 'ACTIVE_ONLY';
  if (viewType !== 'ALL') {
    select = select.where('runs.lifecycle_stage', '=', viewType === 'ACTIVE_ONLY' ? 'active' : 'deleted');
  }
  for (const condition of conditions) {
    select = select.where((expressions) => runConditionSql(expressions, condition, context.dialect));
  }
  const rows = await applyRunOrderBy(select, orderKeys)
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const items = await loadRuns(context.db, hasMore ? rows.slice(0, maxResults) : rows);
  const token = nextPageToken(offset, maxResults, hasMore);
  return token === undefined ? { items } : { items, nextPageToken: token };
}
