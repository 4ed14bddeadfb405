import { readSafeInteger } from '../int64.js';
import { applyExperimentOrderBy, parseExperimentOrderBy } from '../search/experiment-order-by.js';
import { experimentConditionSql, parseExperimentFilter } from '../search/experiment-search-filter.js';
import { validateMaxResults } from '../search/max-results.js';
import { decodePageToken, nextPageToken } from '../search/page-token.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { loadExperimentTags, toExperiment } from './experiments.js';
import type { TrackingStoreContext } from './store-context.js';
import type { Experiment, Page } from './tracking-entities.js';
import type { SearchExperimentsQuery } from './tracking-store.js';

/** search-experiments: the filter grammar of §3.4.2, `order_by`, offset page tokens. */
export async function searchExperiments(
  context: TrackingStoreContext,
  query: SearchExperimentsQuery,
): Promise<Page<Experiment>> {
  const maxResults = validateMaxResults(
    query.maxResults ?? TRACKING_LIMITS.searchExperimentsDefaultMaxResults,
    TRACKING_LIMITS.searchMaxResults,
  );
  const conditions = parseExperimentFilter(query.filter);
  const orderKeys = parseExperimentOrderBy(query.orderBy);
  const offset = decodePageToken(query.pageToken);

  let select = context.db.selectFrom('experiments').selectAll('experiments');
  const viewType = query.viewType ?? 'ACTIVE_ONLY';
  if (viewType !== 'ALL') {
    select = select.where(
      'experiments.lifecycle_stage',
      '=',
      viewType === 'ACTIVE_ONLY' ? 'active' : 'deleted',
    );
  }
  for (const condition of conditions) {
    select = select.where((expressions) => experimentConditionSql(expressions, condition, context.dialect));
  }
  const rows = await applyExperimentOrderBy(select, orderKeys)
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const page = hasMore ? rows.slice(0, maxResults) : rows;
  const tags = await loadExperimentTags(
    context.db,
    page.map((row) => readSafeInteger(row.experiment_id)),
  );
  const items = page.map((row) => toExperiment(row, tags.get(readSafeInteger(row.experiment_id)) ?? []));
  const token = nextPageToken(offset, maxResults, hasMore);
  return token === undefined ? { items } : { items, nextPageToken: token };
}
