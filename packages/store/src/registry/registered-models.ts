import { MillraceError } from '@millrace/core';
import { isUniqueViolation } from '../database/database-errors.js';
import type { SqlStoreContext } from '../database/sql-store-context.js';
import { readSafeInteger } from '../int64.js';
import { lastValuePerKey } from '../tracking/experiments.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { KeyValue } from '../tracking/tracking-entities.js';
import { validateEntityKey } from '../validation/entity-validation.js';
import type { CreateRegisteredModelInput, UpdateDescriptionInput } from './model-registry-store.js';
import {
  DELETED_MODEL_VERSION_STAGE,
  PROMPT_TAG,
  type ModelVersion,
  type RegisteredModel,
} from './registry-entities.js';
import {
  findRegisteredModelRow,
  latestPerStage,
  loadModelVersions,
  loadRegisteredModel,
  selectModelVersions,
} from './registry-loading.js';
import { canonicalStage, validateRegisteredModelName, validateRegistryTag } from './registry-validation.js';

function isPromptTagSet(tags: readonly KeyValue[]): boolean {
  return tags.some((tag) => tag.key === PROMPT_TAG && tag.value.toLowerCase() === 'true');
}

async function isPrompt(db: QueryExecutor, registeredModelId: number): Promise<boolean> {
  const tag = await db
    .selectFrom('registered_model_tags')
    .select('value')
    .where('registered_model_id', '=', registeredModelId)
    .where('key', '=', PROMPT_TAG)
    .executeTakeFirst();
  return tag !== undefined && tag.value.toLowerCase() === 'true';
}

/** The name is taken; prompts and models share names, and the message says which one has it. */
function nameTaken(name: string, takenByPrompt?: boolean, creatingPrompt?: boolean): MillraceError {
  if (takenByPrompt === true && creatingPrompt !== true) {
    return new MillraceError(
      'RESOURCE_ALREADY_EXISTS',
      `Tried to create a registered model with name '${name}', but the name is already taken by a prompt. MLflow does not allow creating a model and a prompt with the same name.`,
    );
  }
  if (takenByPrompt === false && creatingPrompt === true) {
    return new MillraceError(
      'RESOURCE_ALREADY_EXISTS',
      `Tried to create a prompt with name '${name}', but the name is already taken by a registered model. MLflow does not allow creating a model and a prompt with the same name.`,
    );
  }
  return new MillraceError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
}

export async function upsertRegisteredModelTags(
  db: QueryExecutor,
  registeredModelId: number,
  tags: readonly KeyValue[],
): Promise<void> {
  for (const rows of chunk(tags)) {
    if (rows.length === 0) continue;
    await db
      .insertInto('registered_model_tags')
      .values(rows.map((tag) => ({ registered_model_id: registeredModelId, key: tag.key, value: tag.value })))
      .onConflict((conflict) =>
        conflict
          .columns(['registered_model_id', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
}

export async function createRegisteredModel(
  context: SqlStoreContext,
  input: CreateRegisteredModelInput,
): Promise<RegisteredModel> {
  validateRegisteredModelName(input.name);
  const tags = lastValuePerKey(input.tags ?? []);
  tags.forEach(validateRegistryTag);
  const creatingPrompt = isPromptTagSet(tags);
  try {
    return await context.db.transaction().execute(async (transaction) => {
      const taken = await transaction
        .selectFrom('registered_models')
        .select('registered_model_id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken !== undefined) {
        const takenByPrompt = await isPrompt(transaction, readSafeInteger(taken.registered_model_id));
        throw nameTaken(input.name, takenByPrompt, creatingPrompt);
      }
      const now = context.now();
      const inserted = await transaction
        .insertInto('registered_models')
        .values({
          name: input.name,
          creation_time: now,
          last_updated_time: now,
          description: input.description ?? null,
        })
        .returning(['registered_model_id', 'name', 'creation_time', 'last_updated_time', 'description'])
        .executeTakeFirstOrThrow();
      await upsertRegisteredModelTags(transaction, readSafeInteger(inserted.registered_model_id), tags);
      return loadRegisteredModel(transaction, inserted);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function getRegisteredModel(context: SqlStoreContext, name: string): Promise<RegisteredModel> {
  validateRegisteredModelName(name);
  return loadRegisteredModel(context.db, await findRegisteredModelRow(context.db, name));
}

/** Renames a model; versions, tags and aliases refer to it by id, so they follow. */
export async function renameRegisteredModel(
  context: SqlStoreContext,
  name: string,
  newName: string,
): Promise<RegisteredModel> {
  validateRegisteredModelName(name);
  validateRegisteredModelName(newName, 'new_name');
  try {
    return await context.db.transaction().execute(async (transaction) => {
      const row = await findRegisteredModelRow(transaction, name);
      if (newName === name) return loadRegisteredModel(transaction, row);
      const taken = await transaction
        .selectFrom('registered_models')
        .select('registered_model_id')
        .where('name', '=', newName)
        .executeTakeFirst();
      if (taken !== undefined) throw nameTaken(newName);
      const changes = { name: newName, last_updated_time: context.now() };
      await transaction
        .updateTable('registered_models')
        .set(changes)
        .where('registered_model_id', '=', row.registered_model_id)
        .execute();
      return loadRegisteredModel(transaction, { ...row, ...changes });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(newName);
    throw error;
  }
}

/** Changes the description when one is given (MLflow 3.6 clears it when none is); always bumps the update time. */
export async function updateRegisteredModel(
  context: SqlStoreContext,
  name: string,
  input: UpdateDescriptionInput,
): Promise<RegisteredModel> {
  validateRegisteredModelName(name);
  return context.db.transaction().execute(async (transaction) => {
    const row = await findRegisteredModelRow(transaction, name);
    const changes =
      input.description === undefined
        ? { last_updated_time: context.now() }
        : { last_updated_time: context.now(), description: input.description };
    await transaction
      .updateTable('registered_models')
      .set(changes)
      .where('registered_model_id', '=', row.registered_model_id)
      .execute();
    return loadRegisteredModel(transaction, { ...row, ...changes });
  });
}

/** Hard delete: versions, tags and aliases go with the model, and the name is free again. */
export async function deleteRegisteredModel(context: SqlStoreContext, name: string): Promise<void> {
  validateRegisteredModelName(name);
  await context.db.transaction().execute(async (transaction) => {
    const row = await findRegisteredModelRow(transaction, name);
    const id = row.registered_model_id;
    await transaction.deleteFrom('registered_model_aliases').where('registered_model_id', '=', id).execute();
    await transaction.deleteFrom('model_version_tags').where('registered_model_id', '=', id).execute();
    await transaction.deleteFrom('model_versions').where('registered_model_id', '=', id).execute();
    await transaction.deleteFrom('registered_model_tags').where('registered_model_id', '=', id).execute();
    await transaction.deleteFrom('registered_models').where('registered_model_id', '=', id).execute();
  });
}

export async function setRegisteredModelTag(
  context: SqlStoreContext,
  name: string,
  tag: KeyValue,
): Promise<void> {
  validateRegisteredModelName(name);
  validateRegistryTag(tag);
  await context.db.transaction().execute(async (transaction) => {
    const row = await findRegisteredModelRow(transaction, name);
    await upsertRegisteredModelTags(transaction, readSafeInteger(row.registered_model_id), [tag]);
  });
}

/** Deleting a tag that is not set is a no-op (the model must exist). */
export async function deleteRegisteredModelTag(
  context: SqlStoreContext,
  name: string,
  key: string,
): Promise<void> {
  validateRegisteredModelName(name);
  validateEntityKey(key, 'key');
  await context.db.transaction().execute(async (transaction) => {
    const row = await findRegisteredModelRow(transaction, name);
    await transaction
      .deleteFrom('registered_model_tags')
      .where('registered_model_id', '=', row.registered_model_id)
      .where('key', '=', key)
      .execute();
  });
}

/** The latest version of each requested stage (all stages when none is given), with their aliases. */
export async function getLatestVersions(
  context: SqlStoreContext,
  name: string,
  stages: readonly string[] = [],
): Promise<ModelVersion[]> {
  validateRegisteredModelName(name);
  const wanted = new Set<string>(stages.map(canonicalStage));
  const row = await findRegisteredModelRow(context.db, name);
  const records = await selectModelVersions(context.db)
    .where('model_versions.registered_model_id', '=', row.registered_model_id)
    .where('model_versions.current_stage', '!=', DELETED_MODEL_VERSION_STAGE)
    .execute();
  const latest = latestPerStage(records).filter(
    (record) => wanted.size === 0 || wanted.has(record.current_stage),
  );
  return loadModelVersions(context.db, latest, { withAliases: true });
}
