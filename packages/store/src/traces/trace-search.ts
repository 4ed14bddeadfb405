import { MillraceError } from '@millrace/core';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { validateMaxResults } from '../search/max-results.js';
import { decodePageToken, nextPageToken } from '../search/page-token.js';
import { parseTraceOrderBy } from '../search/trace-order-by.js';
import { parseTraceFilter, traceConditionSql } from '../search/trace-search-filter.js';
import { parseExperimentId } from '../tracking/experiments.js';
import type { Page } from '../tracking/tracking-entities.js';
import type { TraceInfo } from './trace-entities.js';
import { loadTraceInfos } from './trace-loading.js';
import type { SearchTracesQuery } from './trace-store.js';

/** MLflow's default and largest page size of search-traces. */
export const SEARCH_TRACES_DEFAULT_MAX_RESULTS = 100;
export const SEARCH_TRACES_MAX_RESULTS = 500;

/**
 * search-traces V3 (tracking spec §3.4.5): traces of the given experiments, filtered and ordered,
 * in pages of offset tokens (a token only when more traces follow).
 */
export async function searchTraces(
  context: SqlStoreContext,
  query: SearchTracesQuery,
): Promise<Page<TraceInfo>> {
  if (query.experimentIds.length === 0) {
    throw new MillraceError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'locations'.");
  }
  const experimentIds = query.experimentIds.map(parseExperimentId);
  const maxResults = validateMaxResults(
    query.maxResults ?? SEARCH_TRACES_DEFAULT_MAX_RESULTS,
    SEARCH_TRACES_MAX_RESULTS,
  );
  const conditions = parseTraceFilter(query.filter);
  const order = parseTraceOrderBy(query.orderBy);
  const offset = decodePageToken(query.pageToken);

  let select = context.db.selectFrom('trace_info').selectAll().where('experiment_id', 'in', experimentIds);
  for (const condition of conditions) {
    select = select.where((expressions) => traceConditionSql(expressions, condition, context.dialect));
  }
  // Nulls (no execution duration) last in either direction, the same on both dialects.
  for (const key of order) {
    select = select.orderBy(`trace_info.${key.column}`, (builder) =>
      (key.ascending ? builder.asc() : builder.desc()).nullsLast(),
    );
  }
  const rows = await select
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const items = await loadTraceInfos(context.db, rows.slice(0, maxResults));
  const token = nextPageToken(offset, maxResults, hasMore);
  return token === undefined ? { items } : { items, nextPageToken: token };
}
