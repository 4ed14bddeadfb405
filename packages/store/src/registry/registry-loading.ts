import { MillraceError } from '@millrace/core';
import type { Selectable } from 'kysely';
import type { ModelVersionsTable, RegisteredModelsTable } from '../database/registry-tables.js';
import { readSafeInteger } from '../int64.js';
import { chunk, type QueryExecutor } from '../tracking/store-context.js';
import type { KeyValue } from '../tracking/tracking-entities.js';
import {
  DELETED_MODEL_VERSION_STAGE,
  type ModelVersion,
  type ModelVersionStage,
  type ModelVersionStatus,
  type RegisteredModel,
  type RegisteredModelAlias,
} from './registry-entities.js';
import { parseVersionNumber } from './registry-validation.js';

export type RegisteredModelRow = Selectable<RegisteredModelsTable>;
/** A model version row with the name of its registered model. */
export type ModelVersionRecord = Selectable<ModelVersionsTable> & { name: string };

export function registeredModelNotFound(name: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
}

export function modelVersionNotFound(name: string, version: string | number): MillraceError {
  return new MillraceError(
    'RESOURCE_DOES_NOT_EXIST',
    `Model Version (name=${name}, version=${version}) not found`,
  );
}

export async function findRegisteredModelRow(db: QueryExecutor, name: string): Promise<RegisteredModelRow> {
  const row = await db
    .selectFrom('registered_models')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined) throw registeredModelNotFound(name);
  return row;
}

/** Model versions with their model's name (deleted ones included: callers filter). */
export function selectModelVersions(db: QueryExecutor) {
  return db
    .selectFrom('model_versions')
    .innerJoin(
      'registered_models',
      'registered_models.registered_model_id',
      'model_versions.registered_model_id',
    )
    .selectAll('model_versions')
    .select('registered_models.name');
}

/** A visible (not deleted) version; a missing model is "Model Version ... not found" too, as in MLflow. */
export async function findModelVersionRecord(
  db: QueryExecutor,
  name: string,
  version: string,
): Promise<ModelVersionRecord> {
  const number = parseVersionNumber(version);
  const row = await selectModelVersions(db)
    .where('registered_models.name', '=', name)
    .where('model_versions.version', '=', number)
    .where('model_versions.current_stage', '!=', DELETED_MODEL_VERSION_STAGE)
    .executeTakeFirst();
  if (row === undefined) throw modelVersionNotFound(name, number);
  return row;
}

function pushTo<Key, T>(map: Map<Key, T[]>, key: Key, item: T): void {
  const items = map.get(key);
  if (items === undefined) map.set(key, [item]);
  else items.push(item);
}

function versionKey(registeredModelId: unknown, version: unknown): string {
  return `${readSafeInteger(registeredModelId)}:${readSafeInteger(version)}`;
}

function toModelVersion(record: ModelVersionRecord, tags: KeyValue[], aliases: string[]): ModelVersion {
  const version: ModelVersion = {
    name: record.name,
    version: String(readSafeInteger(record.version)),
    creationTimestamp: readSafeInteger(record.creation_time),
    lastUpdatedTimestamp: readSafeInteger(record.last_updated_time),
    currentStage: record.current_stage as ModelVersionStage,
    source: record.source,
    status: record.status as ModelVersionStatus,
    tags,
    aliases,
  };
  if (record.user_id !== null) version.userId = record.user_id;
  if (record.description !== null) version.description = record.description;
  if (record.run_id !== null) version.runId = record.run_id;
  if (record.run_link !== null) version.runLink = record.run_link;
  if (record.status_message !== null) version.statusMessage = record.status_message;
  return version;
}

/**
 * Model versions for version records, in order: tags (and, when asked, the aliases pointing at
 * each version) are read with one query per kind per 500 models.
 */
export async function loadModelVersions(
  db: QueryExecutor,
  records: readonly ModelVersionRecord[],
  options: { withAliases: boolean },
): Promise<ModelVersion[]> {
  const tags = new Map<string, KeyValue[]>();
  const aliases = new Map<string, string[]>();
  const modelIds = [...new Set(records.map((record) => readSafeInteger(record.registered_model_id)))];
  const wanted = new Set(records.map((record) => versionKey(record.registered_model_id, record.version)));
  // A few versions (a get, a page of latest versions) are looked up by number too, not every
  // version of their models.
  const numbers = [...new Set(records.map((record) => readSafeInteger(record.version)))];
  const byNumber = numbers.length <= 100;
  for (const ids of chunk(modelIds)) {
    if (ids.length === 0) continue;
    let tagQuery = db
      .selectFrom('model_version_tags')
      .select(['registered_model_id', 'version', 'key', 'value'])
      .where('registered_model_id', 'in', ids);
    if (byNumber) tagQuery = tagQuery.where('version', 'in', numbers);
    const tagRows = await tagQuery.orderBy('sequence').execute();
    for (const row of tagRows) {
      const key = versionKey(row.registered_model_id, row.version);
      if (wanted.has(key)) pushTo(tags, key, { key: row.key, value: row.value });
    }
    if (!options.withAliases) continue;
    let aliasQuery = db
      .selectFrom('registered_model_aliases')
      .select(['registered_model_id', 'version', 'alias'])
      .where('registered_model_id', 'in', ids);
    if (byNumber) aliasQuery = aliasQuery.where('version', 'in', numbers);
    const aliasRows = await aliasQuery.orderBy('alias').execute();
    for (const row of aliasRows) {
      const key = versionKey(row.registered_model_id, row.version);
      if (wanted.has(key)) pushTo(aliases, key, row.alias);
    }
  }
  return records.map((record) => {
    const key = versionKey(record.registered_model_id, record.version);
    return toModelVersion(record, tags.get(key) ?? [], aliases.get(key) ?? []);
  });
}

/**
 * For each stage, the highest visible version in it, stages in the order they first appear going
 * up the versions (the order of MLflow's `latest_versions`).
 */
export function latestPerStage(records: readonly ModelVersionRecord[]): ModelVersionRecord[] {
  const latest = new Map<string, ModelVersionRecord>();
  const ascending = [...records].sort(
    (left, right) => readSafeInteger(left.version) - readSafeInteger(right.version),
  );
  for (const record of ascending) {
    if (record.current_stage !== DELETED_MODEL_VERSION_STAGE) latest.set(record.current_stage, record);
  }
  return [...latest.values()];
}

/**
 * Full registered models for model rows, in order: tags, aliases and latest versions are read
 * with one query per kind per 500 models.
 */
export async function loadRegisteredModels(
  db: QueryExecutor,
  rows: readonly RegisteredModelRow[],
): Promise<RegisteredModel[]> {
  const tags = new Map<number, KeyValue[]>();
  const aliases = new Map<number, RegisteredModelAlias[]>();
  const versions = new Map<number, ModelVersionRecord[]>();
  for (const ids of chunk(rows.map((row) => readSafeInteger(row.registered_model_id)))) {
    if (ids.length === 0) continue;
    const tagRows = await db
      .selectFrom('registered_model_tags')
      .select(['registered_model_id', 'key', 'value'])
      .where('registered_model_id', 'in', ids)
      .orderBy('sequence')
      .execute();
    for (const row of tagRows) {
      pushTo(tags, readSafeInteger(row.registered_model_id), { key: row.key, value: row.value });
    }
    const aliasRows = await db
      .selectFrom('registered_model_aliases')
      .select(['registered_model_id', 'alias', 'version'])
      .where('registered_model_id', 'in', ids)
      .orderBy('alias')
      .execute();
    for (const row of aliasRows) {
      pushTo(aliases, readSafeInteger(row.registered_model_id), {
        alias: row.alias,
        version: String(readSafeInteger(row.version)),
      });
    }
    const versionRows = await selectModelVersions(db)
      .where('model_versions.registered_model_id', 'in', ids)
      .where('model_versions.current_stage', '!=', DELETED_MODEL_VERSION_STAGE)
      .execute();
    for (const row of versionRows) pushTo(versions, readSafeInteger(row.registered_model_id), row);
  }
  const latestRecords = new Map<number, ModelVersionRecord[]>();
  for (const [id, records] of versions) latestRecords.set(id, latestPerStage(records));
  const latestVersions = await loadModelVersions(db, [...latestRecords.values()].flat(), {
    withAliases: false,
  });
  const latestByModel = new Map<number, ModelVersion[]>();
  [...latestRecords.values()].flat().forEach((record, index) => {
    const version = latestVersions[index];
    if (version !== undefined) pushTo(latestByModel, readSafeInteger(record.registered_model_id), version);
  });

  return rows.map((row) => {
    const id = readSafeInteger(row.registered_model_id);
    const model: RegisteredModel = {
      name: row.name,
      creationTimestamp: readSafeInteger(row.creation_time),
      lastUpdatedTimestamp: readSafeInteger(row.last_updated_time),
      latestVersions: latestByModel.get(id) ?? [],
      tags: tags.get(id) ?? [],
      aliases: aliases.get(id) ?? [],
    };
    if (row.description !== null) model.description = row.description;
    return model;
  });
}

export async function loadRegisteredModel(
  db: QueryExecutor,
  row: RegisteredModelRow,
): Promise<RegisteredModel> {
  const [model] = await loadRegisteredModels(db, [row]);
  if (model === undefined) throw registeredModelNotFound(row.name);
  return model;
}

export async function loadModelVersion(
  db: QueryExecutor,
  record: ModelVersionRecord,
  options: { withAliases: boolean } = { withAliases: true },
): Promise<ModelVersion> {
  const [version] = await loadModelVersions(db, [record], options);
  if (version === undefined) throw modelVersionNotFound(record.name, readSafeInteger(record.version));
  return version;
}
