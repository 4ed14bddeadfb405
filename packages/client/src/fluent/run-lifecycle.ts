import { AsyncLocalStorage } from 'node:async_hooks';
import { MillraceError } from '@millrace/core';
import type { Run, RunStatus } from '../entities/run.js';
import { resolveActiveExperimentId } from './active-experiment.js';
import { registerExitTask } from './exit-hook.js';
import { fluentSession, type FluentSession } from './fluent-session.js';
import { newRunTags, USER_TAG } from '../tracking/context-tags.js';

export interface StartRunOptions {
  /** Resume this run (it is set RUNNING again) instead of creating one. */
  runId?: string;
  /** Default: the active experiment (`setExperiment`, MLFLOW_EXPERIMENT_ID/NAME, else `0`). */
  experimentId?: string;
  runName?: string;
  /** Start a child of the active run (tag `mlflow.parentRunId`) instead of failing because one is active. */
  nested?: boolean;
  /** An explicit parent run (implies nested). */
  parentRunId?: string;
  tags?: Record<string, string>;
  /** Stored as the run's note (`mlflow.note.content`). */
  description?: string;
}

interface ActiveRunEntry {
  run: Run;
  session: FluentSession;
  ended: boolean;
}

/** Runs started without a callback; a callback run and what it starts live in their own async scope. */
const globalRuns: ActiveRunEntry[] = [];
const runScope = new AsyncLocalStorage<ActiveRunEntry[]>();

function activeRuns(): ActiveRunEntry[] {
  return runScope.getStore() ?? globalRuns;
}

async function beginRun(options: StartRunOptions): Promise<ActiveRunEntry> {
  const session = fluentSession();
  const { client } = session;
  if (options.runId !== undefined) {
    const existing = await client.getRun(options.runId);
    if (existing.info.lifecycleStage === 'deleted') {
      throw MillraceError.invalidParameterValue(
        `Run ${options.runId} is deleted: restore it before resuming it.`,
      );
    }
    await client.updateRun(options.runId, { status: 'RUNNING' });
    if (options.tags !== undefined) await client.logBatch(options.runId, { tags: options.tags });
    return { run: await client.getRun(options.runId), session, ended: false };
  }
  const parent = activeRuns().at(-1);
  const nested = options.nested === true || options.parentRunId !== undefined;
  if (parent !== undefined && !nested) {
    throw MillraceError.invalidParameterValue(
      `Run ${parent.run.info.runId} is already active: end it with endRun(), or pass nested: true to start a child run.`,
    );
  }
  const experimentId = options.experimentId ?? (await resolveActiveExperimentId());
  const tags = newRunTags({
    runName: options.runName,
    parentRunId: options.parentRunId ?? (nested ? parent?.run.info.runId : undefined),
    description: options.description,
    tags: options.tags,
  });
  const run = await client.createRun(experimentId, {
    runName: options.runName,
    tags,
    userId: tags[USER_TAG],
  });
  return { run, session, ended: false };
}

async function finishRun(entry: ActiveRunEntry, status: RunStatus): Promise<void> {
  if (entry.ended) return;
  entry.ended = true;
  let flushError: unknown;
  try {
    await entry.session.batcher.flush();
  } catch (error) {
    flushError = error;
  }
  try {
    await entry.session.client.setTerminated(entry.run.info.runId, status);
  } catch (error) {
    throw flushError === undefined
      ? error
      : new AggregateError([flushError, error], 'Ending the run failed.');
  }
  if (flushError !== undefined) throw flushError;
}

/**
 * Starts a run (MLflow's `start_run`) and makes it the active run: logging calls go to it until
 * `endRun()`. A run is already active: pass `nested: true` for a child run.
 */
export async function startRun(options?: StartRunOptions): Promise<Run>;
/**
 * Starts a run, calls `body` with it, and ends it: FINISHED when `body` returns, FAILED when it
 * throws (the error is rethrown). Metrics logged inside are flushed before the run ends. The run
 * is active only inside `body` (an async scope), so concurrent bodies each see their own run.
 */
export async function startRun<Result>(
  options: StartRunOptions,
  body: (run: Run) => Promise<Result> | Result,
): Promise<Result>;
export async function startRun<Result>(
  options: StartRunOptions = {},
  body?: (run: Run) => Promise<Result> | Result,
): Promise<Run | Result> {
  const entry = await beginRun(options);
  if (body === undefined) {
    activeRuns().push(entry);
    return entry.run;
  }
  const scoped = [...activeRuns(), entry];
  let result: Result;
  try {
    result = await runScope.run(scoped, () => body(entry.run));
  } catch (error) {
    try {
      await finishRun(entry, 'FAILED');
    } catch (endError) {
      process.emitWarning(
        `Run ${entry.run.info.runId} failed and could not be ended cleanly: ${endError instanceof Error ? endError.message : String(endError)}`,
      );
    }
    throw error;
  }
  await finishRun(entry, 'FINISHED');
  return result;
}

/**
 * Ends the active run (default FINISHED) after flushing its queued metrics. A flush failure is
 * thrown once the run has been ended. No active run: nothing happens.
 */
export async function endRun(status: RunStatus = 'FINISHED'): Promise<void> {
  const entry = activeRuns().pop();
  if (entry === undefined) return;
  await finishRun(entry, status);
}

/** The active run as it was when it started, or undefined. */
export function activeRun(): Run | undefined {
  return activeRuns().at(-1)?.run;
}

/** The active run's session and id; a run is started when none is active (as MLflow's logging functions do). */
export async function activeRunOrStart(): Promise<{ runId: string; run: Run; session: FluentSession }> {
  let entry = activeRuns().at(-1);
  if (entry === undefined) {
    entry = await beginRun({});
    activeRuns().push(entry);
  }
  return { runId: entry.run.info.runId, run: entry.run, session: entry.session };
}

/** The active run (without starting one) and its session. */
export function activeRunEntry(): { run: Run; session: FluentSession } | undefined {
  return activeRuns().at(-1);
}

registerExitTask(async () => {
  // Runs left active at the end of the program end FINISHED, as with MLflow's atexit hook.
  const failures: unknown[] = [];
  while (globalRuns.length > 0) {
    const entry = globalRuns.pop() as ActiveRunEntry;
    try {
      await finishRun(entry, 'FINISHED');
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0)
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'Ending runs failed.');
});
