import { randomUUID } from 'node:crypto';
import { MillraceError } from '@millrace/core';
import { prepareQuery } from '../database/prepared-query.js';
import { truncate } from '../validation/entity-validation.js';
import { TRACKING_LIMITS } from '../validation/tracking-limits.js';
import { runArtifactUri } from './artifact-uris.js';
import { findExperimentRow, lastValuePerKey, requireActiveExperiment } from './experiments.js';
import { generateRunName } from './run-name-generator.js';
import { loadRuns, toRunInfo, type RunRow } from './run-loading.js';
import { chunk, type QueryExecutor, type TrackingStoreContext } from './store-context.js';
import {
  DEFAULT_EXPERIMENT_ID,
  RUN_NAME_TAG,
  type KeyValue,
  type Run,
  type RunInfo,
} from './tracking-entities.js';
import type { CreateRunInput, UpdateRunInput } from './tracking-store.js';

export function runNotFound(runId: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `Run with id=${runId} not found`);
}

const selectRun = prepareQuery<{ runId: string }, RunRow>(['runId'], (db, values) =>
  db.selectFrom('runs').selectAll().where('run_uuid', '=', values.runId),
);

export async function findRunRow(db: QueryExecutor, runId: string): Promise<RunRow> {
  const [row] = (await selectRun.execute(db, { runId })).rows;
  if (row === undefined) throw runNotFound(runId);
  return row;
}

/** Writes to a deleted run are refused. */
export function requireActiveRun(row: Pick<RunRow, 'run_uuid' | 'lifecycle_stage'>): void {
  if (row.lifecycle_stage !== 'active') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The run ${row.run_uuid} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`,
    );
  }
}

/** Why a write to a run is refused, given its lifecycle stage (`undefined`: no such run), if it is. */
export function runWriteRefusal(runId: string, stage: string | undefined): MillraceError | undefined {
  if (stage === undefined) return runNotFound(runId);
  try {
    requireActiveRun({ run_uuid: runId, lifecycle_stage: stage });
  } catch (error) {
    return error as MillraceError;
  }
  return undefined;
}

/** Finds a run and checks that it is active, in one step. */
export async function findActiveRunRow(db: QueryExecutor, runId: string): Promise<RunRow> {
  const row = await findRunRow(db, runId);
  requireActiveRun(row);
  return row;
}

/** Inserts run tags or overwrites their values; the run's name follows its `mlflow.runName` tag. */
export async function upsertRunTags(
  db: QueryExecutor,
  runId: string,
  tags: readonly KeyValue[],
): Promise<void> {
  for (const rows of chunk(tags)) {
    if (rows.length === 0) continue;
    await db
      .insertInto('run_tags')
      .values(rows.map((tag) => ({ run_uuid: runId, key: tag.key, value: tag.value })))
      .onConflict((conflict) =>
        conflict
          .columns(['run_uuid', 'key'])
          .doUpdateSet((expressions) => ({ value: expressions.ref('excluded.value') })),
      )
      .execute();
  }
  const runName = tags.find((tag) => tag.key === RUN_NAME_TAG);
  if (runName !== undefined) {
    await db.updateTable('runs').set({ name: runName.value }).where('run_uuid', '=', runId).execute();
  }
}

/** A new run id: a random UUID as 32 lowercase hex characters. */
export function newRunId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * Creates a RUNNING run. The experiment (default `0`; MLflow 3.6 fails with a foreign-key error
 * instead) must exist and be active. `runName` and a `mlflow.runName` tag must agree; the tag is
 * added when missing. Tag values are truncated to 8000 characters; keys are not checked, as in MLflow.
 */
export async function createRun(context: TrackingStoreContext, input: CreateRunInput): Promise<Run> {
  const tags = lastValuePerKey(input.tags ?? []).map((tag) => ({
    key: tag.key,
    value: truncate(tag.value, TRACKING_LIMITS.runTagValueLength),
  }));
  const nameTag = tags.find((tag) => tag.key === RUN_NAME_TAG)?.value;
  const requestedName = input.runName === undefined || input.runName === '' ? undefined : input.runName;
  if (requestedName !== undefined && nameTag !== undefined && requestedName !== nameTag) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values (run_name='${requestedName}', ${RUN_NAME_TAG}='${nameTag}').`,
    );
  }
  const runName = requestedName ?? nameTag ?? generateRunName();
  if (nameTag === undefined) tags.push({ key: RUN_NAME_TAG, value: runName });
  const experimentId =
    input.experimentId === undefined || input.experimentId === ''
      ? DEFAULT_EXPERIMENT_ID
      : input.experimentId;

  return context.db.transaction().execute(async (transaction) => {
    const experiment = await findExperimentRow(transaction, experimentId);
    requireActiveExperiment(experiment);
    const runId = newRunId();
    const row: RunRow = {
      run_uuid: runId,
      name: runName,
      experiment_id: experiment.experiment_id,
      user_id: input.userId ?? '',
      status: 'RUNNING',
      start_time: input.startTime ?? 0,
      end_time: null,
      deleted_time: null,
      lifecycle_stage: 'active',
      artifact_uri: runArtifactUri(experiment.artifact_location, runId),
    };
    await transaction.insertInto('runs').values(row).execute();
    await upsertRunTags(transaction, runId, tags);
    return {
      info: toRunInfo(row),
      data: { metrics: [], params: [], tags },
      inputs: { datasetInputs: [], modelInputs: [] },
      outputs: { modelOutputs: [] },
    };
  });
}

export async function getRun(context: TrackingStoreContext, runId: string): Promise<Run> {
  const [run] = await loadRuns(context.db, [await findRunRow(context.db, runId)]);
  if (run === undefined) throw runNotFound(runId);
  return run;
}

/** Changes the given fields of an active run; any status may follow any other. */
export async function updateRun(
  context: TrackingStoreContext,
  runId: string,
  input: UpdateRunInput,
): Promise<RunInfo> {
  return context.db.transaction().execute(async (transaction) => {
    const row = await findActiveRunRow(transaction, runId);
    const changes: Partial<Pick<RunRow, 'status' | 'end_time' | 'name'>> = {};
    if (input.status !== undefined) changes.status = input.status;
    if (input.endTime !== undefined) changes.end_time = input.endTime;
    if (input.runName !== undefined && input.runName !== '') changes.name = input.runName;
    if (Object.keys(changes).length > 0) {
      await transaction.updateTable('runs').set(changes).where('run_uuid', '=', runId).execute();
    }
    if (changes.name !== undefined)
      await upsertRunTags(transaction, runId, [{ key: RUN_NAME_TAG, value: changes.name }]);
    return toRunInfo({ ...row, ...changes });
  });
}

export async function deleteRun(context: TrackingStoreContext, runId: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    const row = await findRunRow(transaction, runId);
    if (row.lifecycle_stage === 'deleted') return;
    await transaction
      .updateTable('runs')
      .set({ lifecycle_stage: 'deleted', deleted_time: context.now() })
      .where('run_uuid', '=', runId)
      .execute();
  });
}

/** Reactivates a run, even one whose experiment is still deleted (as MLflow does). */
export async function restoreRun(context: TrackingStoreContext, runId: string): Promise<void> {
  await context.db.transaction().execute(async (transaction) => {
    await findRunRow(transaction, runId);
    await transaction
      .updateTable('runs')
      .set({ lifecycle_stage: 'active', deleted_time: null })
      .where('run_uuid', '=', runId)
      .execute();
  });
}
