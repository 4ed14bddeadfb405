import { sql, type SqlBool } from 'kysely';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { validateMaxResults } from '../search/max-results.js';
import { decodePageToken, nextPageToken } from '../search/page-token.js';
import { parseModelVersionOrderBy, parseRegisteredModelOrderBy } from '../search/registry-order-by.js';
import {
  modelVersionConditionSql,
  parseModelVersionFilter,
  parseRegisteredModelFilter,
  promptModelIdsSql,
  registeredModelConditionSql,
} from '../search/registry-search-filter.js';
import type { Page } from '../tracking/tracking-entities.js';
import type { SearchModelVersionsQuery, SearchRegisteredModelsQuery } from './model-registry-store.js';
import {
  DELETED_MODEL_VERSION_STAGE,
  PROMPT_TAG,
  type ModelVersion,
  type RegisteredModel,
} from './registry-entities.js';
import { loadModelVersions, loadRegisteredModels, selectModelVersions } from './registry-loading.js';
import { REGISTRY_LIMITS } from './registry-validation.js';

function page<T>(items: T[], offset: number, maxResults: number, hasMore: boolean): Page<T> {
  const token = nextPageToken(offset, maxResults, hasMore);
  return token === undefined ? { items } : { items, nextPageToken: token };
}

/** search-registered-models (§3.4.3): prompts hidden unless asked for, `name ASC` by default, offset tokens. */
export async function searchRegisteredModels(
  context: SqlStoreContext,
  query: SearchRegisteredModelsQuery,
): Promise<Page<RegisteredModel>> {
  const maxResults = validateMaxResults(
    query.maxResults ?? REGISTRY_LIMITS.searchRegisteredModelsDefaultMaxResults,
    REGISTRY_LIMITS.searchRegisteredModelsMaxResults,
  );
  const filter = parseRegisteredModelFilter(query.filter);
  const orderKeys = parseRegisteredModelOrderBy(query.orderBy);
  const offset = decodePageToken(query.pageToken);

  let select = context.db.selectFrom('registered_models').selectAll('registered_models');
  for (const condition of filter.conditions) {
    select = select.where(() => registeredModelConditionSql(condition, context.dialect));
  }
  if (!filter.queriesPrompts) {
    select = select.where(
      () => sql<SqlBool>`registered_models.registered_model_id not in (${promptModelIdsSql()})`,
    );
  }
  for (const key of orderKeys) {
    select = select.orderBy(`registered_models.${key.column}`, key.ascending ? 'asc' : 'desc');
  }
  const rows = await select
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const items = await loadRegisteredModels(context.db, hasMore ? rows.slice(0, maxResults) : rows);
  return page(items, offset, maxResults, hasMore);
}

/**
 * search-model-versions (§3.4.4): deleted versions never, prompt versions only when asked for;
 * last updated first by default; offset tokens.
 */
export async function searchModelVersions(
  context: SqlStoreContext,
  query: SearchModelVersionsQuery,
): Promise<Page<ModelVersion>> {
  const maxResults = validateMaxResults(
    query.maxResults ?? REGISTRY_LIMITS.searchModelVersionsDefaultMaxResults,
    REGISTRY_LIMITS.searchModelVersionsMaxResults,
  );
  const filter = parseModelVersionFilter(query.filter);
  const orderKeys = parseModelVersionOrderBy(query.orderBy);
  const offset = decodePageToken(query.pageToken);

  let select = selectModelVersions(context.db).where(
    'model_versions.current_stage',
    '!=',
    DELETED_MODEL_VERSION_STAGE,
  );
  for (const condition of filter.conditions) {
    select = select.where(() => modelVersionConditionSql(condition, context.dialect));
  }
  if (!filter.queriesPrompts) {
    select = select
      .where(() => sql<SqlBool>`model_versions.registered_model_id not in (${promptModelIdsSql()})`)
      .where(
        () => sql<SqlBool>`not exists (select 1 from model_version_tags as prompt_version_tags
          where prompt_version_tags.registered_model_id = model_versions.registered_model_id
          and prompt_version_tags.version = model_versions.version
          and prompt_version_tags.key = ${PROMPT_TAG} and lower(prompt_version_tags.value) = 'true')`,
      );
  }
  for (const key of orderKeys) {
    const column =
      key.column === 'name' ? 'registered_models.name' : (`model_versions.${key.column}` as const);
    select = select.orderBy(column, key.ascending ? 'asc' : 'desc');
  }
  const rows = await select
    .limit(maxResults + 1)
    .offset(offset)
    .execute();
  const hasMore = rows.length > maxResults;
  const items = await loadModelVersions(context.db, hasMore ? rows.slice(0, maxResults) : rows, {
    withAliases: false,
  });
  return page(items, offset, maxResults, hasMore);
}
