import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MillraceError } from '@millrace/core';
import type { Dispatcher } from 'undici';
import { defaultArtifactCacheDirectory, downloadToCache } from '../artifacts/artifact-cache.js';
import { joinArtifactPath } from '../artifacts/artifact-location.js';
import { createArtifactRepository, type ArtifactRepository } from '../artifacts/artifact-repository.js';
import { getTransferProgress, type TransferProgressFactory } from '../artifacts/transfer-progress.js';
import { getTrackingUri } from '../config/tracking-uri.js';
import { experimentFromWire, type Experiment, type ViewType } from '../entities/experiment.js';
import type { FileInfo } from '../entities/file-info.js';
import { loggedModelFromWire, type LoggedModel, type LoggedModelStatus } from '../entities/logged-model.js';
import {
  metricFromWire,
  metricToWire,
  validateMetricInput,
  type Metric,
  type MetricInput,
} from '../entities/metric.js';
import { modelVersionFromWire, type ModelVersion } from '../entities/model-version.js';
import { toKeyValueList, type Page } from '../entities/page.js';
import { registeredModelFromWire, type RegisteredModel } from '../entities/registered-model.js';
import { runFromWire, runInfoFromWire, type Run, type RunInfo, type RunStatus } from '../entities/run.js';
import {
  createHttpClient,
  type HttpClient,
  type HttpMethod,
  type QueryParameters,
} from '../http/http-client.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import { asRecord, listField, nextPageToken, stringField } from '../wire/wire-reader.js';
import { chunkLogBatch } from './log-batch-chunks.js';

const API = '/api/2.0/mlflow';

export interface MlflowClientOptions {
  /** The tracking server; default: `setTrackingUri`'s, else MLFLOW_TRACKING_URI. */
  trackingUri?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Where auth and timeout variables are read; default process.env. */
  environment?: Readonly<Record<string, string | undefined>>;
  retryPolicy?: Partial<RetryPolicy>;
  /** Per-request timeout in ms (headers, and between body chunks). Default 120 s. */
  timeoutMs?: number;
  /** An undici dispatcher to share; default: a keep-alive agent of the client's own. */
  dispatcher?: Dispatcher;
  /** How long `createModelVersion` waits for a version to become READY. Default 300 s, as MLflow. */
  registrationTimeoutMs?: number;
  /** Default 3 s, as MLflow. */
  registrationPollIntervalMs?: number;
  /** Where `downloadArtifacts` keeps downloads when no destination is given. */
  cacheDirectory?: string;
  /** How artifact transfers report progress; default: the process's (`setTransferProgress`), silent unless set. */
  transferProgress?: TransferProgressFactory;
}

export interface SearchExperimentsOptions {
  viewType?: ViewType;
  maxResults?: number;
  filterString?: string;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchRunsOptions {
  filterString?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRunOptions {
  startTime?: number;
  tags?: Record<string, string>;
  runName?: string;
  userId?: string;
}

export interface LogBatchInput {
  metrics?: MetricInput[];
  params?: Record<string, unknown> | { key: string; value: unknown }[];
  tags?: Record<string, unknown> | { key: string; value: unknown }[];
}

export interface SearchRegistryOptions {
  filterString?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateModelVersionOptions {
  runId?: string;
  tags?: Record<string, string>;
  runLink?: string;
  description?: string;
  /** MLflow 3: the logged model the version is made from. */
  modelId?: string;
  /** Wait for READY (default true; MLflow waits up to 300 s). */
  awaitReady?: boolean;
}

export interface CreateLoggedModelOptions {
  name?: string;
  sourceRunId?: string;
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  modelType?: string;
}

export interface SearchLoggedModelsOptions {
  filterString?: string;
  maxResults?: number;
  orderBy?: { fieldName: string; ascending?: boolean; datasetName?: string; datasetDigest?: string }[];
  pageToken?: string;
  datasets?: { datasetName: string; datasetDigest?: string }[];
}

export interface DownloadArtifactsOptions {
  /** A run whose artifacts to read (with `artifactPath` inside it); or give `artifactUri`. */
  runId?: string;
  /** Any artifact URI the tracking server serves (`mlflow-artifacts:/…`, a logged model's artifact_uri …). */
  artifactUri?: string;
  /** A file or directory below the run or URI; default the whole of it. */
  artifactPath?: string;
  /**
   * Where to put the download. Default: the client's cache, where a copy of the same files is
   * reused (do not modify cached files).
   */
  destinationDirectory?: string;
}

type KeyValueInput = Record<string, unknown> | { key: string; value: unknown }[] | undefined;

function keyValueEntries(input: KeyValueInput): { key: string; value: string }[] {
  if (input === undefined) return [];
  if (Array.isArray(input))
    return input.map((entry) => ({ key: entry.key, value: stringifyValue(entry.value) }));
  return Object.entries(input).map(([key, value]) => ({ key, value: stringifyValue(value) }));
}

/** Param and tag values are strings on the wire; objects go as JSON (MLflow's client sends `str(value)`). */
function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Logged model statuses accept the short forms `READY` and `UPLOAD_FAILED`. */
function loggedModelStatus(status: LoggedModelStatus | 'READY' | 'UPLOAD_FAILED'): LoggedModelStatus {
  return status.startsWith('LOGGED_MODEL_')
    ? (status as LoggedModelStatus)
    : (`LOGGED_MODEL_${status}` as LoggedModelStatus);
}

/**
 * The low-level client of a tracking server: one method per REST call of MLflow's tracking,
 * model registry and logged-model APIs (MLflow's `MlflowClient`, names in camelCase), plus
 * artifact upload and download through the server's proxied artifact service. Errors are
 * MillraceErrors carrying the server's `error_code` and message.
 */
export class MlflowClient {
  readonly trackingUri: string;
  readonly http: HttpClient;
  readonly cacheDirectory: string;
  readonly #registrationTimeoutMs: number;
  readonly #registrationPollIntervalMs: number;
  readonly #runArtifactUris = new Map<string, string>();
  readonly #transferProgress: TransferProgressFactory | undefined;

  constructor(options: MlflowClientOptions | string = {}) {
    const resolved = typeof options === 'string' ? { trackingUri: options } : options;
    this.trackingUri = getTrackingUri(resolved.trackingUri);
    this.http = createHttpClient({
      baseUrl: this.trackingUri,
      headers: resolved.headers,
      environment: resolved.environment,
      retryPolicy: resolved.retryPolicy,
      timeoutMs: resolved.timeoutMs,
      dispatcher: resolved.dispatcher,
    });
    this.cacheDirectory = resolved.cacheDirectory ?? defaultArtifactCacheDirectory(resolved.environment);
    this.#registrationTimeoutMs = resolved.registrationTimeoutMs ?? 300_000;
    this.#registrationPollIntervalMs = resolved.registrationPollIntervalMs ?? 3000;
    this.#transferProgress = resolved.transferProgress;
  }

  /** Closes the client's connections. */
  async close(): Promise<void> {
    await this.http.close();
  }

  async #call(
    method: HttpMethod,
    endpoint: string,
    options: { query?: QueryParameters; json?: unknown; idempotent: boolean },
  ): Promise<Record<string, unknown>> {
    const answer = await this.http.json({
      method,
      path: `${API}${endpoint}`,
      query: options.query,
      json: options.json,
      idempotent: options.idempotent,
    });
    return asRecord(answer, `the answer of ${method} ${endpoint}`);
  }

  #get(endpoint: string, query: QueryParameters): Promise<Record<string, unknown>> {
    return this.#call('GET', endpoint, { query, idempotent: true });
  }

  #post(endpoint: string, json: unknown, idempotent: boolean): Promise<Record<string, unknown>> {
    return this.#call('POST', endpoint, { json, idempotent });
  }

  // ---- Experiments ----

  /** Creates an experiment; returns its id. A taken name (also by a deleted experiment) is RESOURCE_ALREADY_EXISTS. */
  async createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, string> } = {},
  ): Promise<string> {
    const answer = await this.#post(
      '/experiments/create',
      { name, artifact_location: options.artifactLocation, tags: toKeyValueList(options.tags) },
      false,
    );
    return stringField(answer, 'experiment_id');
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return experimentFromWire(
      (await this.#get('/experiments/get', { experiment_id: experimentId })).experiment,
    );
  }

  /** The experiment of that name (active or deleted), or null when there is none. */
  async getExperimentByName(name: string): Promise<Experiment | null> {
    try {
      return experimentFromWire(
        (await this.#get('/experiments/get-by-name', { experiment_name: name })).experiment,
      );
    } catch (error) {
      if (MillraceError.isInstance(error) && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return null;
      throw error;
    }
  }

  async searchExperiments(options: SearchExperimentsOptions = {}): Promise<Page<Experiment>> {
    const answer = await this.#post(
      '/experiments/search',
      {
        max_results: options.maxResults ?? 1000,
        filter: options.filterString,
        order_by: options.orderBy,
        page_token: options.pageToken,
        view_type: options.viewType,
      },
      true,
    );
    return {
      items: listField(answer, 'experiments').map(experimentFromWire),
      nextPageToken: nextPageToken(answer),
    };
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.#post('/experiments/delete', { experiment_id: experimentId }, false);
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.#post('/experiments/restore', { experiment_id: experimentId }, false);
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.#post('/experiments/update', { experiment_id: experimentId, new_name: newName }, true);
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.#post('/experiments/set-experiment-tag', { experiment_id: experimentId, key, value }, true);
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.#post('/experiments/delete-experiment-tag', { experiment_id: experimentId, key }, false);
  }

  // ---- Runs ----

  async createRun(experimentId: string, options: CreateRunOptions = {}): Promise<Run> {
    const answer = await this.#post(
      '/runs/create',
      {
        experiment_id: experimentId,
        user_id: options.userId,
        start_time: options.startTime ?? Date.now(),
        tags: toKeyValueList(options.tags),
        run_name: options.runName,
      },
      false,
    );
    const run = runFromWire(answer.run);
    this.#runArtifactUris.set(run.info.runId, run.info.artifactUri);
    return run;
  }

  async getRun(runId: string): Promise<Run> {
    const run = runFromWire((await this.#get('/runs/get', { run_id: runId })).run);
    this.#runArtifactUris.set(run.info.runId, run.info.artifactUri);
    return run;
  }

  /** Changes a run's status, end time or name (only the fields given). */
  async updateRun(
    runId: string,
    update: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunInfo> {
    const answer = await this.#post(
      '/runs/update',
      {
        run_id: runId,
        run_uuid: runId,
        status: update.status,
        end_time: update.endTime,
        run_name: update.runName,
      },
      true,
    );
    return runInfoFromWire(answer.run_info);
  }

  /** Ends a run: status (default FINISHED) and end time (default now). */
  async setTerminated(runId: string, status: RunStatus = 'FINISHED', endTime = Date.now()): Promise<RunInfo> {
    return this.updateRun(runId, { status, endTime });
  }

  async deleteRun(runId: string): Promise<void> {
    await this.#post('/runs/delete', { run_id: runId }, true);
  }

  async restoreRun(runId: string): Promise<void> {
    await this.#post('/runs/restore', { run_id: runId }, true);
  }

  /** One page of runs of the given experiments. */
  async searchRuns(experimentIds: readonly string[], options: SearchRunsOptions = {}): Promise<Page<Run>> {
    const answer = await this.#post(
      '/runs/search',
      {
        experiment_ids: experimentIds,
        filter: options.filterString,
        run_view_type: options.runViewType,
        max_results: options.maxResults,
        order_by: options.orderBy,
        page_token: options.pageToken,
      },
      true,
    );
    return { items: listField(answer, 'runs').map(runFromWire), nextPageToken: nextPageToken(answer) };
  }

  /** Logs one metric value (one request; the fluent `logMetric` batches). */
  async logMetric(
    runId: string,
    key: string,
    value: number,
    options: Omit<MetricInput, 'key' | 'value'> = {},
  ): Promise<void> {
    const metric = { key, value, ...options };
    validateMetricInput(metric);
    await this.#post('/runs/log-metric', { run_id: runId, run_uuid: runId, ...metricToWire(metric) }, true);
  }

  /** Logs a param (values are strings; others are converted). Logging another value for the same key is refused. */
  async logParam(runId: string, key: string, value: unknown): Promise<void> {
    await this.#post(
      '/runs/log-parameter',
      { run_id: runId, run_uuid: runId, key, value: stringifyValue(value) },
      true,
    );
  }

  async setTag(runId: string, key: string, value: unknown): Promise<void> {
    await this.#post(
      '/runs/set-tag',
      { run_id: runId, run_uuid: runId, key, value: stringifyValue(value) },
      true,
    );
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.#post('/runs/delete-tag', { run_id: runId, key }, false);
  }

  /**
   * Logs metrics, params and tags with `log-batch`, split into as many requests as MLflow's limits
   * need (≤1000 metrics, ≤100 params, ≤100 tags, ≤1000 entities each). Nothing to log: no request.
   */
  async logBatch(runId: string, batch: LogBatchInput): Promise<void> {
    const now = Date.now();
    const metrics = (batch.metrics ?? []).map((metric) => {
      validateMetricInput(metric);
      return metricToWire(metric, now);
    });
    for (const chunk of chunkLogBatch(metrics, keyValueEntries(batch.params), keyValueEntries(batch.tags))) {
      await this.#post('/runs/log-batch', { run_id: runId, ...chunk }, true);
    }
  }

  /** Records the logged models a run produced (MLflow 3 `runs/outputs`). */
  async logOutputs(runId: string, models: { modelId: string; step?: number }[]): Promise<void> {
    await this.#post(
      '/runs/outputs',
      { run_id: runId, models: models.map((model) => ({ model_id: model.modelId, step: model.step ?? 0 })) },
      true,
    );
  }

  /** Records the logged models a run used (`runs/log-inputs` with `models`). */
  async logInputs(runId: string, models: { modelId: string }[]): Promise<void> {
    await this.#post(
      '/runs/log-inputs',
      { run_id: runId, models: models.map((model) => ({ model_id: model.modelId })) },
      true,
    );
  }

  /** Every value of a metric, oldest first (all pages). */
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    const metrics: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const answer = await this.#get('/metrics/get-history', {
        run_id: runId,
        run_uuid: runId,
        metric_key: key,
        page_token: pageToken,
      });
      metrics.push(...listField(answer, 'metrics').map(metricFromWire));
      pageToken = nextPageToken(answer);
    } while (pageToken !== undefined);
    return metrics;
  }

  // ---- Artifacts ----

  async #runArtifactUri(runId: string): Promise<string> {
    return this.#runArtifactUris.get(runId) ?? (await this.getRun(runId)).info.artifactUri;
  }

  /** The repository of any artifact URI the tracking server serves. */
  artifactRepository(artifactUri: string): ArtifactRepository {
    return createArtifactRepository(
      this.http,
      artifactUri,
      this.trackingUri,
      this.#transferProgress ?? getTransferProgress(),
    );
  }

  /** The artifact URI of a run, with an optional path inside it (`mlflow-artifacts:/1/<run>/artifacts/model`). */
  async getArtifactUri(runId: string, artifactPath?: string): Promise<string> {
    const root = await this.#runArtifactUri(runId);
    return artifactPath === undefined || artifactPath === ''
      ? root
      : `${root}/${joinArtifactPath(artifactPath)}`;
  }

  /** The entries of a directory of a run's artifacts, paths relative to the run's artifact root. */
  async listArtifacts(runId: string, artifactPath?: string): Promise<FileInfo[]> {
    return this.artifactRepository(await this.#runArtifactUri(runId)).list(artifactPath);
  }

  /** Uploads a local file or directory (streamed) into a run's artifacts under `artifactPath`. */
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    await this.uploadArtifact(await this.#runArtifactUri(runId), localPath, artifactPath);
  }

  /** Uploads the content of a local directory (streamed) into a run's artifacts under `artifactPath`. */
  async logArtifacts(runId: string, localDirectory: string, artifactPath?: string): Promise<void> {
    await this.artifactRepository(await this.#runArtifactUri(runId)).uploadDirectory(
      localDirectory,
      artifactPath,
    );
  }

  /**
   * Uploads a local file (as `<artifactPath>/<file name>`) or the content of a local directory
   * (under `artifactPath`), streamed, to an artifact URI.
   */
  async uploadArtifact(artifactUri: string, localPath: string, artifactPath?: string): Promise<void> {
    const repository = this.artifactRepository(artifactUri);
    if ((await stat(localPath)).isDirectory()) await repository.uploadDirectory(localPath, artifactPath);
    else await repository.uploadFile(localPath, artifactPath);
  }

  /**
   * Downloads (streamed) a run's artifacts or any served artifact URI, whole or one file or
   * directory in it; returns the local path. Without a destination, downloads go to the cache and
   * an unchanged copy is reused.
   */
  async downloadArtifacts(options: DownloadArtifactsOptions): Promise<string> {
    if ((options.runId === undefined) === (options.artifactUri === undefined)) {
      throw MillraceError.invalidParameterValue(
        'downloadArtifacts needs exactly one of runId and artifactUri.',
      );
    }
    const artifactUri = options.artifactUri ?? (await this.#runArtifactUri(options.runId as string));
    const repository = this.artifactRepository(artifactUri);
    if (options.destinationDirectory !== undefined) {
      return repository.download(options.artifactPath, path.resolve(options.destinationDirectory));
    }
    return downloadToCache(repository, options.artifactPath, this.cacheDirectory);
  }

  // ---- Model registry ----

  async createRegisteredModel(
    name: string,
    options: { tags?: Record<string, string>; description?: string } = {},
  ): Promise<RegisteredModel> {
    const answer = await this.#post(
      '/registered-models/create',
      { name, tags: toKeyValueList(options.tags), description: options.description },
      false,
    );
    return registeredModelFromWire(answer.registered_model);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return registeredModelFromWire((await this.#get('/registered-models/get', { name })).registered_model);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    const answer = await this.#post('/registered-models/rename', { name, new_name: newName }, false);
    return registeredModelFromWire(answer.registered_model);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    const answer = await this.#call('PATCH', '/registered-models/update', {
      json: { name, description },
      idempotent: true,
    });
    return registeredModelFromWire(answer.registered_model);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.#call('DELETE', '/registered-models/delete', { json: { name }, idempotent: false });
  }

  async searchRegisteredModels(options: SearchRegistryOptions = {}): Promise<Page<RegisteredModel>> {
    const answer = await this.#get('/registered-models/search', {
      filter: options.filterString,
      max_results: options.maxResults,
      order_by: options.orderBy,
      page_token: options.pageToken,
    });
    return {
      items: listField(answer, 'registered_models').map(registeredModelFromWire),
      nextPageToken: nextPageToken(answer),
    };
  }

  /** The latest version of each stage (or of the given stages). POST, then GET for servers without it, as MLflow. */
  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    let answer: Record<string, unknown>;
    try {
      answer = await this.#post('/registered-models/get-latest-versions', { name, stages }, true);
    } catch (error) {
      if (!MillraceError.isInstance(error) || error.errorCode !== 'ENDPOINT_NOT_FOUND') throw error;
      answer = await this.#get('/registered-models/get-latest-versions', { name, stages });
    }
    return listField(answer, 'model_versions').map(modelVersionFromWire);
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.#post('/registered-models/set-tag', { name, key, value }, true);
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.#call('DELETE', '/registered-models/delete-tag', { json: { name, key }, idempotent: true });
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string | number): Promise<void> {
    await this.#post('/registered-models/alias', { name, alias, version: String(version) }, true);
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.#call('DELETE', '/registered-models/alias', { json: { name, alias }, idempotent: true });
  }

  /** The version an alias points at. An unknown alias is INVALID_PARAMETER_VALUE (HTTP 400), as in MLflow. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return modelVersionFromWire((await this.#get('/registered-models/alias', { name, alias })).model_version);
  }

  /**
   * Creates a version of a registered model and (by default) waits until it is READY, polling
   * like MLflow's client; FAILED_REGISTRATION or a timeout is an error.
   */
  async createModelVersion(
    name: string,
    source: string,
    options: CreateModelVersionOptions = {},
  ): Promise<ModelVersion> {
    const answer = await this.#post(
      '/model-versions/create',
      {
        name,
        source,
        run_id: options.runId,
        tags: toKeyValueList(options.tags),
        run_link: options.runLink,
        description: options.description,
        model_id: options.modelId,
      },
      false,
    );
    let version = modelVersionFromWire(answer.model_version);
    if (options.awaitReady === false) return version;
    const deadline = Date.now() + this.#registrationTimeoutMs;
    while (version.status === 'PENDING_REGISTRATION') {
      if (Date.now() >= deadline) {
        throw new MillraceError(
          'DEADLINE_EXCEEDED',
          `Model version ${version.version} of '${name}' was still PENDING_REGISTRATION after ${this.#registrationTimeoutMs / 1000} s.`,
        );
      }
      await sleep(this.#registrationPollIntervalMs);
      version = await this.getModelVersion(name, version.version);
    }
    if (version.status === 'FAILED_REGISTRATION') {
      throw new MillraceError(
        'INVALID_STATE',
        `Registration of version ${version.version} of '${name}' failed${version.statusMessage === undefined ? '' : `: ${version.statusMessage}`}.`,
      );
    }
    return version;
  }

  async getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    return modelVersionFromWire(
      (await this.#get('/model-versions/get', { name, version: String(version) })).model_version,
    );
  }

  async updateModelVersion(
    name: string,
    version: string | number,
    description: string,
  ): Promise<ModelVersion> {
    const answer = await this.#call('PATCH', '/model-versions/update', {
      json: { name, version: String(version), description },
      idempotent: true,
    });
    return modelVersionFromWire(answer.model_version);
  }

  async transitionModelVersionStage(
    name: string,
    version: string | number,
    stage: string,
    archiveExistingVersions = false,
  ): Promise<ModelVersion> {
    const answer = await this.#post(
      '/model-versions/transition-stage',
      { name, version: String(version), stage, archive_existing_versions: archiveExistingVersions },
      true,
    );
    return modelVersionFromWire(answer.model_version);
  }

  async deleteModelVersion(name: string, version: string | number): Promise<void> {
    await this.#call('DELETE', '/model-versions/delete', {
      json: { name, version: String(version) },
      idempotent: false,
    });
  }

  async searchModelVersions(options: SearchRegistryOptions = {}): Promise<Page<ModelVersion>> {
    const answer = await this.#get('/model-versions/search', {
      filter: options.filterString,
      max_results: options.maxResults,
      order_by: options.orderBy,
      page_token: options.pageToken,
    });
    return {
      items: listField(answer, 'model_versions').map(modelVersionFromWire),
      nextPageToken: nextPageToken(answer),
    };
  }

  /** Where a version's files are (the resolved storage location, e.g. a logged model's artifact URI). */
  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    const answer = await this.#get('/model-versions/get-download-uri', { name, version: String(version) });
    return stringField(answer, 'artifact_uri');
  }

  async setModelVersionTag(
    name: string,
    version: string | number,
    key: string,
    value: string,
  ): Promise<void> {
    await this.#post('/model-versions/set-tag', { name, version: String(version), key, value }, true);
  }

  async deleteModelVersionTag(name: string, version: string | number, key: string): Promise<void> {
    await this.#call('DELETE', '/model-versions/delete-tag', {
      json: { name, version: String(version), key },
      idempotent: true,
    });
  }

  // ---- Logged models (MLflow 3) ----

  /** Creates a logged model (status PENDING) in an experiment; ≤100 params go with it, the rest in batches. */
  async createLoggedModel(
    experimentId: string,
    options: CreateLoggedModelOptions = {},
  ): Promise<LoggedModel> {
    const params = keyValueEntries(options.params);
    const answer = await this.#post(
      '/logged-models',
      {
        experiment_id: experimentId,
        name: options.name,
        model_type: options.modelType,
        source_run_id: options.sourceRunId,
        params: params.slice(0, 100),
        tags: toKeyValueList(options.tags),
      },
      false,
    );
    let model = loggedModelFromWire(answer.model);
    if (params.length > 100) {
      await this.logModelParams(
        model.modelId,
        Object.fromEntries(params.slice(100).map((param) => [param.key, param.value])),
      );
      model = await this.getLoggedModel(model.modelId);
    }
    return model;
  }

  async getLoggedModel(modelId: string, options: { allowDeleted?: boolean } = {}): Promise<LoggedModel> {
    const answer = await this.#call('GET', `/logged-models/${encodeURIComponent(modelId)}`, {
      query: options.allowDeleted === true ? { allow_deleted: true } : {},
      idempotent: true,
    });
    return loggedModelFromWire(answer.model);
  }

  /** Marks a logged model READY (its files are uploaded) or UPLOAD_FAILED. */
  async finalizeLoggedModel(
    modelId: string,
    status: LoggedModelStatus | 'READY' | 'UPLOAD_FAILED',
  ): Promise<LoggedModel> {
    const answer = await this.#call('PATCH', `/logged-models/${encodeURIComponent(modelId)}`, {
      json: { model_id: modelId, status: loggedModelStatus(status) },
      idempotent: true,
    });
    return loggedModelFromWire(answer.model);
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    await this.#call('DELETE', `/logged-models/${encodeURIComponent(modelId)}`, {
      json: { model_id: modelId },
      idempotent: true,
    });
  }

  async searchLoggedModels(
    experimentIds: readonly string[],
    options: SearchLoggedModelsOptions = {},
  ): Promise<Page<LoggedModel>> {
    const answer = await this.#post(
      '/logged-models/search',
      {
        experiment_ids: experimentIds,
        filter: options.filterString,
        datasets: options.datasets?.map((dataset) => ({
          dataset_name: dataset.datasetName,
          dataset_digest: dataset.datasetDigest,
        })),
        max_results: options.maxResults,
        order_by: options.orderBy?.map((order) => ({
          field_name: order.fieldName,
          ascending: order.ascending,
          dataset_name: order.datasetName,
          dataset_digest: order.datasetDigest,
        })),
        page_token: options.pageToken,
      },
      true,
    );
    return {
      items: listField(answer, 'models').map(loggedModelFromWire),
      nextPageToken: nextPageToken(answer),
    };
  }

  async setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    await this.#call('PATCH', `/logged-models/${encodeURIComponent(modelId)}/tags`, {
      json: { model_id: modelId, tags: toKeyValueList(tags) },
      idempotent: true,
    });
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    await this.#call(
      'DELETE',
      `/logged-models/${encodeURIComponent(modelId)}/tags/${encodeURIComponent(key)}`,
      { idempotent: true },
    );
  }

  /** Adds params to a logged model, 100 per request as MLflow's client does. */
  async logModelParams(modelId: string, params: Record<string, unknown>): Promise<void> {
    const entries = keyValueEntries(params);
    for (let start = 0; start < entries.length; start += 100) {
      await this.#post(
        `/logged-models/${encodeURIComponent(modelId)}/params`,
        { model_id: modelId, params: entries.slice(start, start + 100) },
        true,
      );
    }
  }

  /** The artifact URI of a logged model. */
  async getLoggedModelArtifactUri(modelId: string): Promise<string> {
    return (await this.getLoggedModel(modelId)).artifactUri;
  }
}
