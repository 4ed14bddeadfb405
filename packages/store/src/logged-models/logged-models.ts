import { randomUUID } from 'node:crypto';
import { MillraceError } from '@millrace/core';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { pythonRepr } from '../validation/python-repr.js';
import { appendToUri } from '../tracking/artifact-uris.js';
import { findExperimentRow, lastValuePerKey, requireActiveExperiment } from '../tracking/experiments.js';
import { generateRunName } from '../tracking/run-name-generator.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { KeyValue } from '../tracking/tracking-entities.js';
import type { LoggedModel, LoggedModelFinalStatus } from './logged-model-entities.js';
import { loadLoggedModels, type LoggedModelRow } from './logged-model-loading.js';
import type { CreateLoggedModelInput, GetLoggedModelOptions } from './logged-model-store.js';

const NAME_FORBIDDEN_CHARACTERS = ['/', ':', '.', '%', '"', "'"] as const;

export function loggedModelNotFound(modelId: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `Logged model with ID '${modelId}' not found.`);
}

/** A new logged-model id: `m-` and a random UUID as 32 lowercase hex characters. */
export function newLoggedModelId(): string {
  return `m-${randomUUID().replaceAll('-', '')}`;
}

/** Logged model names end up in paths and URIs: no / : . % " or '. */
function validateLoggedModelName(name: string): void {
  if (NAME_FORBIDDEN_CHARACTERS.some((character) => name.includes(character))) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid model name (${pythonRepr(name)}) provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`,
    );
  }
}

/** A logged model row; deleted models count as missing unless `allowDeleted`. */
export async function findLoggedModelRow(
  db: QueryExecutor,
  modelId: string,
  options: GetLoggedModelOptions = {},
): Promise<LoggedModelRow> {
  const row = await db
    .selectFrom('logged_models')
    .selectAll()
    .where('model_id', '=', modelId)
    .executeTakeFirst();
  if (row === undefined || (row.lifecycle_stage !== 'active' && options.allowDeleted !== true)) {
    throw loggedModelNotFound(modelId);
  }
  return row;
}

async function loadLoggedModel(db: QueryExecutor, row: LoggedModelRow): Promise<LoggedModel> {
  const [model] = await loadLoggedModels(db, [row]);
  if (model === undefined) throw loggedModelNotFound(row.model_id);
  return model;
}

/** One value per param key; the same key with two values is refused. */
function uniqueParams(params: readonly KeyValue[]): KeyValue[] {
  const byKey = new Map<string, string>();
  const conflicts = new Set<string>();
  for (const param of params) {
    const existing = byKey.get(param.key);
    if (existing !== undefined && existing !== param.value) conflicts.add(param.key);
    byKey.set(param.key, param.value);
  }
  if (conflicts.size > 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Duplicate parameter keys have been submitted with different values: ${pythonRepr([...conflicts])}.`,
    );
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export async function upsertLoggedModelTags(
  db: QueryExecutor,
  modelId: string,
  tags: readonly KeyValue[],
): Promise<void> {
  for (const rows of chunk(lastValuePerKey(tags))) {
    if (rows.length === 0) continue;
    await db
      .insertInto('logged_model_tags')
      .values(rows.map((tag) => ({ model_id: modelId, key: tag.key, value: tag.value })))
      .onConflict((conflict) =>
        conflict
          .columns(['model_id', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
}

/** Writes params that are new; a key already logged with another value refuses the whole call. */
async function writeParams(db: QueryExecutor, modelId: string, params: readonly KeyValue[]): Promise<void> {
  const existing = new Map<string, string>();
  for (const keys of chunk(params.map((param) => param.key))) {
    if (keys.length === 0) continue;
    const rows = await db
      .selectFrom('logged_model_params')
      .select(['key', 'value'])
      .where('model_id', '=', modelId)
      .where('key', 'in', keys)
      .execute();
    for (const row of rows) existing.set(row.key, row.value);
  }
  const changed = params.filter(
    (param) => existing.has(param.key) && existing.get(param.key) !== param.value,
  );
  if (changed.length > 0) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Params ${pythonRepr(changed.map((param) => param.key))} were already logged with other values for model with ID '${modelId}'.`,
    );
  }
  for (const rows of chunk(params.filter((param) => !existing.has(param.key)))) {
    if (rows.length === 0) continue;
    await db
      .insertInto('logged_model_params')
      .values(rows.map((param) => ({ model_id: modelId, key: param.key, value: param.value })))
      .execute();
  }
}

/**
 * Creates a PENDING logged model in an active experiment, its artifacts at
 * `<experiment artifact_location>/models/<model_id>/artifacts`.
 */
export async function createLoggedModel(
  context: SqlStoreContext,
  input: CreateLoggedModelInput,
): Promise<LoggedModel> {
  const givenName = input.name === undefined || input.name === '' ? undefined : input.name;
  if (givenName !== undefined) validateLoggedModelName(givenName);
  const params = uniqueParams(input.params ?? []);
  return context.db.transaction().execute(async (transaction) => {
    const experiment = await findExperimentRow(transaction, input.experimentId);
    requireActiveExperiment(experiment);
    const modelId = newLoggedModelId();
    const now = context.now();
    const row: LoggedModelRow = {
      model_id: modelId,
      experiment_id: experiment.experiment_id,
      name: givenName ?? generateRunName(),
      artifact_location: appendToUri(experiment.artifact_location, 'models', modelId, 'artifacts'),
      creation_timestamp_ms: now,
      last_updated_timestamp_ms: now,
      status: 'LOGGED_MODEL_PENDING',
      lifecycle_stage: 'active',
      model_type: input.modelType ?? '',
      source_run_id: input.sourceRunId ?? '',
      status_message: null,
    };
    await transaction.insertInto('logged_models').values(row).execute();
    await writeParams(transaction, modelId, params);
    await upsertLoggedModelTags(transaction, modelId, input.tags ?? []);
    return loadLoggedModel(transaction, row);
  });
}

export async function getLoggedModel(
  context: SqlStoreContext,
  modelId: string,
  options: GetLoggedModelOptions = {},
): Promise<LoggedModel> {
  return loadLoggedModel(context.db, await findLoggedModelRow(context.db, modelId, options));
}

export async function finalizeLoggedModel(
  context: SqlStoreContext,
  modelId: string,
  status: LoggedModelFinalStatus,
): Promise<LoggedModel> {
  return context.db.transaction().execute(async (transaction) => {
    const row = await findLoggedModelRow(transaction, modelId);
    const changes = { status, last_updated_timestamp_ms: context.now() };
    await transaction.updateTable('logged_models').set(changes).where('model_id', '=', modelId).execute();
    return loadLoggedModel(transaction, { ...row, ...changes });
  });
}

export async function deleteLoggedModel(context: SqlStoreContext, modelId: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const row = await findLoggedModelRow(transaction, modelId, { allowDeleted: true });
    if (row.lifecycle_stage === 'deleted') return;
    await transaction
      .updateTable('logged_models')
      .set({ lifecycle_stage: 'deleted', last_updated_timestamp_ms: context.now() })
      .where('model_id', '=', modelId)
      .execute();
  });
}

export async function setLoggedModelTags(
  context: SqlStoreContext,
  modelId: string,
  tags: readonly KeyValue[],
): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findLoggedModelRow(transaction, modelId);
    await upsertLoggedModelTags(transaction, modelId, tags);
  });
}

export async function deleteLoggedModelTag(
  context: SqlStoreContext,
  modelId: string,
  key: string,
): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findLoggedModelRow(transaction, modelId);
    const result = await transaction
      .deleteFrom('logged_model_tags')
      .where('model_id', '=', modelId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) {
      throw new MillraceError(
        'RESOURCE_DOES_NOT_EXIST',
        `No tag with key '${key}' found for model with ID '${modelId}'.`,
      );
    }
  });
}

export async function logLoggedModelParams(
  context: SqlStoreContext,
  modelId: string,
  params: readonly KeyValue[],
): Promise<void> {
  const unique = uniqueParams(params);
  await context.db.transaction().execute(async (transaction) => {
    await findLoggedModelRow(transaction, modelId);
    await writeParams(transaction, modelId, unique);
  });
}
