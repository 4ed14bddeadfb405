import { MillraceError } from '@millrace/core';
import { isUniqueViolation } from '../database/database-errors.js';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { readSafeInteger } from '../int64.js';
import { MODEL_VERSIONS_TAG } from '../logged-models/logged-model-entities.js';
import { findLoggedModelRow, upsertLoggedModelTags } from '../logged-models/logged-models.js';
import { lastValuePerKey } from '../tracking/experiments.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { KeyValue } from '../tracking/tracking-entities.js';
import { validateEntityKey } from '../validation/entity-validation.js';
import { pythonStyleJson } from '../validation/python-json.js';
import type { CreateModelVersionInput, UpdateDescriptionInput } from './model-registry-store.js';
import { resolveModelVersionSource } from './model-version-source.js';
import {
  ACTIVE_MODEL_VERSION_STAGES,
  DELETED_MODEL_VERSION_STAGE,
  PROMPT_TAG,
  type ModelVersion,
} from './registry-entities.js';
import {
  findModelVersionRecord,
  loadModelVersion,
  registeredModelNotFound,
  selectModelVersions,
  type ModelVersionRecord,
} from './registry-loading.js';
import { canonicalStage, validateRegisteredModelName, validateRegistryTag } from './registry-validation.js';

/** Attempts at numbering a new version when a concurrent creation took the same number. */
const CREATE_ATTEMPTS = 3;

function missingSource(): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'source'.");
}

async function upsertModelVersionTags(
  db: QueryExecutor,
  record: Pick<ModelVersionRecord, 'registered_model_id' | 'version'>,
  tags: readonly KeyValue[],
): Promise<void> {
  for (const rows of chunk(tags)) {
    if (rows.length === 0) continue;
    await db
      .insertInto('model_version_tags')
      .values(
        rows.map((tag) => ({
          registered_model_id: readSafeInteger(record.registered_model_id),
          version: readSafeInteger(record.version),
          key: tag.key,
          value: tag.value,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(['registered_model_id', 'version', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
}

/** Appends `{name, version}` to the logged model's `mlflow.modelVersions` tag (a JSON list). */
async function recordRegistration(
  db: QueryExecutor,
  modelId: string,
  name: string,
  version: number,
): Promise<void> {
  const existing = await db
    .selectFrom('logged_model_tags')
    .select('value')
    .where('model_id', '=', modelId)
    .where('key', '=', MODEL_VERSIONS_TAG)
    .executeTakeFirst();
  let registrations: unknown[] = [];
  if (existing !== undefined) {
    try {
      const parsed: unknown = JSON.parse(existing.value);
      if (Array.isArray(parsed)) registrations = parsed;
    } catch {
      registrations = [];
    }
  }
  await upsertLoggedModelTags(db, modelId, [
    { key: MODEL_VERSIONS_TAG, value: pythonStyleJson([...registrations, { name, version }]) },
  ]);
}

/**
 * Creates the next version of a registered model (highest number ever used + 1), READY at once in
 * stage None. The source is validated and resolved (see resolveModelVersionSource); a version made
 * from a logged model (`modelId`) is listed in that model's `mlflow.modelVersions` tag.
 */
export async function createModelVersion(
  context: SqlStoreContext,
  input: CreateModelVersionInput,
): Promise<ModelVersion> {
  validateRegisteredModelName(input.name);
  if (input.source === '') throw missingSource();
  const tags = lastValuePerKey(input.tags ?? []);
  tags.forEach(validateRegistryTag);
  const isPrompt = tags.some((tag) => tag.key === PROMPT_TAG);
  const modelId = input.modelId === undefined || input.modelId === '' || isPrompt ? undefined : input.modelId;

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await context.db.transaction().execute(async (transaction) => {
        const resolved = await resolveModelVersionSource(transaction, {
          name: input.name,
          source: input.source,
          isPrompt,
          ...(input.runId === undefined ? {} : { runId: input.runId }),
          ...(modelId === undefined ? {} : { modelId }),
        });
        let runId = input.runId === undefined || input.runId === '' ? resolved.runId : input.runId;
        if (modelId !== undefined) {
          const model = await findLoggedModelRow(transaction, modelId);
          if (runId === undefined || runId === '') runId = model.source_run_id;
        }
        const now = context.now();
        // Updating the model first also serialises concurrent creations on PostgreSQL.
        const model = await transaction
          .updateTable('registered_models')
          .set({ last_updated_time: now })
          .where('name', '=', input.name)
          .returning('registered_model_id')
          .executeTakeFirst();
        if (model === undefined) throw registeredModelNotFound(input.name);
        const registeredModelId = readSafeInteger(model.registered_model_id);
        const highest = await transaction
          .selectFrom('model_versions')
          .select((expressions) => expressions.fn.max('version').as('highest'))
          .where('registered_model_id', '=', registeredModelId)
          .executeTakeFirst();
        const version =
          highest?.highest === null || highest?.highest === undefined
            ? 1
            : readSafeInteger(highest.highest) + 1;
        const record: ModelVersionRecord = {
          name: input.name,
          registered_model_id: registeredModelId,
          version,
          creation_time: now,
          last_updated_time: now,
          description: input.description ?? '',
          user_id: null,
          current_stage: 'None',
          source: input.source,
          storage_location: resolved.storageLocation,
          run_id: runId ?? '',
          run_link: input.runLink ?? '',
          status: 'READY',
          status_message: null,
        };
        const { name: _name, ...row } = record;
        await transaction.insertInto('model_versions').values(row).execute();
        await upsertModelVersionTags(transaction, record, tags);
        if (modelId !== undefined) await recordRegistration(transaction, modelId, input.name, version);
        return loadModelVersion(transaction, record);
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

export async function getModelVersion(
  context: SqlStoreContext,
  name: string,
  version: string,
): Promise<ModelVersion> {
  return loadModelVersion(context.db, await findModelVersionRecord(context.db, name, version));
}

/**
 * Changes the description when one is given (MLflow 3.6 clears it when none is) and bumps the
 * update time.
 */
export async function updateModelVersion(
  context: SqlStoreContext,
  name: string,
  version: string,
  input: UpdateDescriptionInput,
): Promise<ModelVersion> {
  return context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    const changes =
      input.description === undefined
        ? { last_updated_time: context.now() }
        : { last_updated_time: context.now(), description: input.description };
    await transaction
      .updateTable('model_versions')
      .set(changes)
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .execute();
    return loadModelVersion(transaction, { ...record, ...changes });
  });
}

/**
 * Moves a version to a stage. `archiveExistingVersions` (only for Staging and Production; MLflow
 * answers 500 for the others, here it is 400) archives the other versions in that stage at the
 * same time.
 */
export async function transitionModelVersionStage(
  context: SqlStoreContext,
  name: string,
  version: string,
  stage: string,
  archiveExistingVersions: boolean,
): Promise<ModelVersion> {
  const target = canonicalStage(stage);
  if (archiveExistingVersions && !ACTIVE_MODEL_VERSION_STAGES.includes(target)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are ['Staging', 'Production']`,
    );
  }
  return context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    const now = context.now();
    if (archiveExistingVersions) {
      await transaction
        .updateTable('model_versions')
        .set({ current_stage: 'Archived', last_updated_time: now })
        .where('registered_model_id', '=', record.registered_model_id)
        .where('version', '!=', record.version)
        .where('current_stage', '=', target)
        .execute();
    }
    const changes = { current_stage: target, last_updated_time: now };
    await transaction
      .updateTable('model_versions')
      .set(changes)
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .execute();
    await transaction
      .updateTable('registered_models')
      .set({ last_updated_time: now })
      .where('registered_model_id', '=', record.registered_model_id)
      .execute();
    return loadModelVersion(transaction, { ...record, ...changes });
  });
}

/**
 * Redacts a version: stage Deleted_Internal (invisible everywhere), source, run and description
 * wiped, tags and the aliases pointing at it removed (MLflow 3.6 leaves those aliases dangling).
 * Its number stays taken.
 */
export async function deleteModelVersion(
  context: SqlStoreContext,
  name: string,
  version: string,
): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    const now = context.now();
    await transaction
      .deleteFrom('registered_model_aliases')
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .execute();
    await transaction
      .deleteFrom('model_version_tags')
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .execute();
    await transaction
      .updateTable('model_versions')
      .set({
        current_stage: DELETED_MODEL_VERSION_STAGE,
        last_updated_time: now,
        description: null,
        user_id: null,
        source: 'REDACTED-SOURCE-PATH',
        storage_location: null,
        run_id: 'REDACTED-RUN-ID',
        run_link: 'REDACTED-RUN-LINK',
        status_message: null,
      })
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .execute();
    await transaction
      .updateTable('registered_models')
      .set({ last_updated_time: now })
      .where('registered_model_id', '=', record.registered_model_id)
      .execute();
  });
}

export async function getModelVersionDownloadUri(
  context: SqlStoreContext,
  name: string,
  version: string,
): Promise<string> {
  const record = await findModelVersionRecord(context.db, name, version);
  return record.storage_location ?? record.source;
}

export async function setModelVersionTag(
  context: SqlStoreContext,
  name: string,
  version: string,
  tag: KeyValue,
): Promise<void> {
  validateRegistryTag(tag);
  await context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    await upsertModelVersionTags(transaction, record, [tag]);
  });
}

/** Deleting a tag that is not set is a no-op (the version must exist). */
export async function deleteModelVersionTag(
  context: SqlStoreContext,
  name: string,
  version: string,
  key: string,
): Promise<void> {
  validateEntityKey(key, 'key');
  await context.db.transaction().execute(async (transaction) => {
    const record = await findModelVersionRecord(transaction, name, version);
    await transaction
      .deleteFrom('model_version_tags')
      .where('registered_model_id', '=', record.registered_model_id)
      .where('version', '=', record.version)
      .where('key', '=', key)
      .execute();
  });
}

/** The highest visible version of a model (what alias `latest` resolves to). */
export async function findHighestVersionRecord(
  db: QueryExecutor,
  registeredModelId: number,
): Promise<ModelVersionRecord | undefined> {
  return selectModelVersions(db)
    .where('model_versions.registered_model_id', '=', registeredModelId)
    .where('model_versions.current_stage', '!=', DELETED_MODEL_VERSION_STAGE)
    .orderBy('model_versions.version', 'desc')
    .executeTakeFirst();
}
