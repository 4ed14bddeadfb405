import { MillraceError } from '@millrace/core';
import type { MetricInput } from '../entities/metric.js';
import type { Run } from '../entities/run.js';
import type { SearchRunsOptions } from '../tracking/mlflow-client.js';
import { resolveActiveExperimentId } from './active-experiment.js';
import { fluentSession } from './fluent-session.js';
import { activeRunEntry, activeRunOrStart } from './run-lifecycle.js';

/** When and at which step a metric value was measured; a number is the step. */
export type MetricOptions = number | Omit<MetricInput, 'key' | 'value'>;

function metricOptions(options: MetricOptions | undefined): Omit<MetricInput, 'key' | 'value'> {
  return typeof options === 'number' ? { step: options } : (options ?? {});
}

/** Logs a param of the active run (one request). Params are write-once: another value is refused. */
export async function logParam(key: string, value: unknown): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.client.logParam(runId, key, value);
}

/** Logs several params of the active run with log-batch (100 per request). */
export async function logParams(params: Record<string, unknown>): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.client.logBatch(runId, { params });
}

/**
 * Queues a metric value of the active run: no request per call; values go to the server with
 * log-batch in the background (1000 at a time, or after a second), on `flushMetrics()`, on
 * `endRun()` and before the process exits. The timestamp is taken now when not given.
 */
export async function logMetric(key: string, value: number, options?: MetricOptions): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.batcher.add(runId, { key, value, ...metricOptions(options) });
}

/** Queues several metric values of the active run (same step and timestamp). */
export async function logMetrics(metrics: Record<string, number>, options?: MetricOptions): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  const shared = metricOptions(options);
  const timestamp = shared.timestamp ?? Date.now();
  for (const [key, value] of Object.entries(metrics)) {
    await session.batcher.add(runId, { ...shared, key, value, timestamp });
  }
}

/** Sets a tag of the active run (one request). */
export async function setTag(key: string, value: unknown): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.client.setTag(runId, key, value);
}

/** Sets several tags of the active run with log-batch. */
export async function setTags(tags: Record<string, unknown>): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.client.logBatch(runId, { tags });
}

/** Removes a tag of the active run. */
export async function deleteTag(key: string): Promise<void> {
  const { runId, session } = await activeRunOrStart();
  await session.client.deleteTag(runId, key);
}

/** Uploads a local file (streamed) into the active run's artifacts, as `<artifactPath>/<file name>`. */
export async function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  const { run, session } = await activeRunOrStart();
  await session.client.uploadArtifact(run.info.artifactUri, localPath, artifactPath);
}

/** Uploads the files of a local directory (streamed) into the active run's artifacts under `artifactPath`. */
export async function logArtifacts(localDirectory: string, artifactPath?: string): Promise<void> {
  const { run, session } = await activeRunOrStart();
  await session.client.artifactRepository(run.info.artifactUri).uploadDirectory(localDirectory, artifactPath);
}

/**
 * The artifact URI of the active run, or of a path inside it (`mlflow-artifacts:/1/<run>/artifacts/model`),
 * as MLflow's `get_artifact_uri`. Needs an active run.
 */
export function getArtifactUri(artifactPath?: string): string {
  const entry = activeRunEntry();
  if (entry === undefined) {
    throw MillraceError.invalidParameterValue('getArtifactUri needs an active run: call startRun() first.');
  }
  const root = entry.run.info.artifactUri;
  const inside = (artifactPath ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return inside === '' ? root : `${root}/${inside}`;
}

/** Reads a run (MLflow's `get_run`). */
export async function getRun(runId: string): Promise<Run> {
  return fluentSession().client.getRun(runId);
}

export interface FluentSearchRunsOptions extends Omit<SearchRunsOptions, 'pageToken'> {
  /** Default: the active experiment. */
  experimentIds?: string[];
  /** Experiments by name (missing names are skipped). */
  experimentNames?: string[];
}

/**
 * Runs of the active (or given) experiments matching a filter, following pages up to
 * `maxResults` (default 100 000, as MLflow's `search_runs`).
 */
export async function searchRuns(options: FluentSearchRunsOptions = {}): Promise<Run[]> {
  const { client } = fluentSession();
  const experimentIds = [...(options.experimentIds ?? [])];
  for (const name of options.experimentNames ?? []) {
    const experiment = await client.getExperimentByName(name);
    if (experiment !== null) experimentIds.push(experiment.experimentId);
  }
  if (options.experimentIds === undefined && options.experimentNames === undefined) {
    experimentIds.push(await resolveActiveExperimentId());
  }
  const limit = options.maxResults ?? 100_000;
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns(experimentIds, {
      filterString: options.filterString,
      runViewType: options.runViewType,
      orderBy: options.orderBy,
      maxResults: Math.min(limit - runs.length, 50_000),
      pageToken,
    });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined && runs.length < limit);
  return runs;
}
