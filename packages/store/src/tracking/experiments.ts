import { MillraceError } from '@millrace/core';
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../database/database-errors.js';
import type { ExperimentsTable } from '../database/tracking-tables.js';
import { readSafeInteger } from '../int64.js';
import { validateEntityKey, validateLength } from '../validation/entity-validation.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { experimentArtifactLocation } from './artifact-uris.js';
import { chunk, type QueryExecutor, type TrackingStoreContext } from './store-context.js';
import type { Experiment, KeyValue, LifecycleStage } from './tracking-entities.js';
import type { CreateExperimentInput } from './tracking-store.js';

export type ExperimentRow = Selectable<ExperimentsTable>;

export function experimentNotFound(experimentId: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${experimentId} exists`);
}

function experimentNameTaken(name: string): MillraceError {
  return new MillraceError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
}

/**
 * The integer behind an experiment id string. A non-integer id is INVALID_PARAMETER_VALUE (MLflow
 * answers 500 there); an integer too large to exist is RESOURCE_DOES_NOT_EXIST.
 */
export function parseExperimentId(experimentId: string): number {
  if (!/^\d+$/.test(experimentId)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid experiment ID '${experimentId}'. Experiment ID must be a valid integer.`,
    );
  }
  const id = Number(experimentId);
  if (!Number.isSafeInteger(id)) throw experimentNotFound(experimentId);
  return id;
}

export async function findExperimentRow(db: QueryExecutor, experimentId: string): Promise<ExperimentRow> {
  const row = await db
    .selectFrom('experiments')
    .selectAll()
    .where('experiment_id', '=', parseExperimentId(experimentId))
    .executeTakeFirst();
  if (row === undefined) throw experimentNotFound(experimentId);
  return row;
}

export function requireActiveExperiment(row: ExperimentRow): void {
  if (row.lifecycle_stage !== 'active') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The experiment ${readSafeInteger(row.experiment_id)} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
    );
  }
}

/** Tags of several experiments, each list in the order the tags were first set. */
export async function loadExperimentTags(
  db: QueryExecutor,
  experimentIds: readonly number[],
): Promise<Map<number, KeyValue[]>> {
  const tagsByExperiment = new Map<number, KeyValue[]>();
  for (const ids of chunk(experimentIds)) {
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom('experiment_tags')
      .select(['experiment_id', 'key', 'value'])
      .where('experiment_id', 'in', ids)
      .orderBy('sequence')
      .execute();
    for (const row of rows) {
      const id = readSafeInteger(row.experiment_id);
      const tags = tagsByExperiment.get(id) ?? [];
      tags.push({ key: row.key, value: row.value });
      tagsByExperiment.set(id, tags);
    }
  }
  return tagsByExperiment;
}

export function toExperiment(row: ExperimentRow, tags: KeyValue[]): Experiment {
  return {
    experimentId: String(readSafeInteger(row.experiment_id)),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: readSafeInteger(row.creation_time),
    lastUpdateTime: readSafeInteger(row.last_update_time),
    tags,
  };
}

async function withTags(db: QueryExecutor, row: ExperimentRow): Promise<Experiment> {
  const id = readSafeInteger(row.experiment_id);
  const tags = await loadExperimentTags(db, [id]);
  return toExperiment(row, tags.get(id) ?? []);
}

function validateExperimentName(name: string, label: string): void {
  if (name === '')
    throw new MillraceError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${label}'.`);
  validateLength(name, label, TRACKING_LIMITS.experimentNameLength);
}

function validateArtifactLocation(location: string): void {
  validateLength(location, 'artifact_location', TRACKING_LIMITS.artifactLocationLength);
  if (location.includes('#')) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "'artifact_location' URL can't include fragments or params.",
    );
  }
}

function validateTagLengths(tag: KeyValue): void {
  validateLength(tag.key, 'key', TRACKING_LIMITS.keyLength);
  validateLength(tag.value, 'value', TRACKING_LIMITS.experimentTagValueLength);
}

/** Last value wins for repeated keys; each key keeps the position of its first occurrence. */
export function lastValuePerKey(tags: readonly KeyValue[]): KeyValue[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

async function upsertExperimentTags(
  db: QueryExecutor,
  experimentId: number,
  tags: readonly KeyValue[],
): Promise<void> {
  for (const rows of chunk(tags)) {
    if (rows.length === 0) continue;
    await db
      .insertInto('experiment_tags')
      .values(rows.map((tag) => ({ experiment_id: experimentId, key: tag.key, value: tag.value })))
      .onConflict((conflict) =>
        conflict
          .columns(['experiment_id', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
}

export async function createExperiment(
  context: TrackingStoreContext,
  input: CreateExperimentInput,
): Promise<string> {
  validateExperimentName(input.name, 'name');
  if (input.artifactLocation !== undefined && input.artifactLocation !== '')
    validateArtifactLocation(input.artifactLocation);
  const tags = lastValuePerKey(input.tags ?? []);
  tags.forEach(validateTagLengths);
  try {
    return await context.db.transaction().execute(async (transaction) => {
      const taken = await transaction
        .selectFrom('experiments')
        .select('experiment_id')
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken !== undefined) throw experimentNameTaken(input.name);
      const now = context.now();
      const inserted = await transaction
        .insertInto('experiments')
        .values({
          name: input.name,
          artifact_location: input.artifactLocation ?? '',
          lifecycle_stage: 'active',
          creation_time: now,
          last_update_time: now,
        })
        .returning('experiment_id')
        .executeTakeFirstOrThrow();
      const id = readSafeInteger(inserted.experiment_id);
      if (input.artifactLocation === undefined || input.artifactLocation === '') {
        await transaction
          .updateTable('experiments')
          .set({ artifact_location: experimentArtifactLocation(context.defaultArtifactRoot, String(id)) })
          .where('experiment_id', '=', id)
          .execute();
      }
      await upsertExperimentTags(transaction, id, tags);
      return String(id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw experimentNameTaken(input.name);
    throw error;
  }
}

export async function getExperiment(
  context: TrackingStoreContext,
  experimentId: string,
): Promise<Experiment> {
  return withTags(context.db, await findExperimentRow(context.db, experimentId));
}

export async function getExperimentByName(context: TrackingStoreContext, name: string): Promise<Experiment> {
  const row = await context.db
    .selectFrom('experiments')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined) {
    throw new MillraceError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
  }
  return withTags(context.db, row);
}

/**
 * Renames an active experiment. MLflow refuses a non-active one with INVALID_STATE (HTTP 500) and
 * reports a taken name as a raw database error; here both are 400s: INVALID_PARAMETER_VALUE and
 * RESOURCE_ALREADY_EXISTS (the code experiment creation uses).
 */
export async function renameExperiment(
  context: TrackingStoreContext,
  experimentId: string,
  newName: string,
): Promise<void> {
  validateExperimentName(newName, 'new_name');
  try {
    await context.db.transaction().execute(async (transaction) => {
      const row = await findExperimentRow(transaction, experimentId);
      if (row.lifecycle_stage !== 'active') {
        throw new MillraceError('INVALID_PARAMETER_VALUE', 'Cannot rename a non-active experiment.');
      }
      if (row.name === newName) return;
      const taken = await transaction
        .selectFrom('experiments')
        .select('experiment_id')
        .where('name', '=', newName)
        .executeTakeFirst();
      if (taken !== undefined) throw experimentNameTaken(newName);
      await transaction
        .updateTable('experiments')
        .set({ name: newName, last_update_time: context.now() })
        .where('experiment_id', '=', row.experiment_id)
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw experimentNameTaken(newName);
    throw error;
  }
}

/** Soft-deletes an active experiment and its runs (an already deleted one is "not found", as in MLflow). */
export async function deleteExperiment(context: TrackingStoreContext, experimentId: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const row = await findExperimentRow(transaction, experimentId);
    if (row.lifecycle_stage !== 'active') throw experimentNotFound(experimentId);
    const now = context.now();
    await transaction
      .updateTable('experiments')
      .set({ lifecycle_stage: 'deleted', last_update_time: now })
      .where('experiment_id', '=', row.experiment_id)
      .execute();
    await transaction
      .updateTable('runs')
      .set({ lifecycle_stage: 'deleted', deleted_time: now })
      .where('experiment_id', '=', row.experiment_id)
      .where('lifecycle_stage', '=', 'active')
      .execute();
  });
}

/** Restores a deleted experiment and reactivates all its runs, individually deleted ones included. */
export async function restoreExperiment(context: TrackingStoreContext, experimentId: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const row = await findExperimentRow(transaction, experimentId);
    if (row.lifecycle_stage !== 'deleted') throw experimentNotFound(experimentId);
    await transaction
      .updateTable('experiments')
      .set({ lifecycle_stage: 'active', last_update_time: context.now() })
      .where('experiment_id', '=', row.experiment_id)
      .execute();
    await transaction
      .updateTable('runs')
      .set({ lifecycle_stage: 'active', deleted_time: null })
      .where('experiment_id', '=', row.experiment_id)
      .execute();
  });
}

export async function setExperimentTag(
  context: TrackingStoreContext,
  experimentId: string,
  tag: KeyValue,
): Promise<void> {
  validateEntityKey(tag.key, 'key');
  validateTagLengths(tag);
  await context.db.transaction().execute(async (transaction) => {
    const row = await findExperimentRow(transaction, experimentId);
    requireActiveExperiment(row);
    await upsertExperimentTags(transaction, readSafeInteger(row.experiment_id), [tag]);
  });
}

export async function deleteExperimentTag(
  context: TrackingStoreContext,
  experimentId: string,
  key: string,
): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const row = await findExperimentRow(transaction, experimentId);
    requireActiveExperiment(row);
    const result = await transaction
      .deleteFrom('experiment_tags')
      .where('experiment_id', '=', row.experiment_id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) {
      throw new MillraceError(
        'RESOURCE_DOES_NOT_EXIST',
        `No tag with name: ${key} in experiment with id ${readSafeInteger(row.experiment_id)}`,
      );
    }
  });
}
