import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveModel, type SaveModelOptions } from '@millrace/models';
import type { ModelVersion } from '../entities/model-version.js';
import { registerModelWith, type RegisterModelOptions } from '../models/register-model.js';
import {
  uploadLoggedModel,
  type LoggedModelInfo,
  type UploadLoggedModelOptions,
} from '../models/upload-logged-model.js';
import { resolveActiveExperimentId } from './active-experiment.js';
import { fluentSession } from './fluent-session.js';
import { activeRunEntry } from './run-lifecycle.js';

/** Where and how a model is logged: `UploadLoggedModelOptions` with the active run and experiment as defaults. */
export type LogModelTargetOptions = UploadLoggedModelOptions;

/** `saveModel`'s options (code, artifacts, signature, inputExample, params …) plus where to log the model. */
export type LogModelOptions = Omit<SaveModelOptions, 'path' | 'artifactPath' | 'runId'> &
  LogModelTargetOptions;

async function target(options: LogModelTargetOptions): Promise<LogModelTargetOptions> {
  const active = activeRunEntry()?.run;
  const runId = options.runId ?? active?.info.runId;
  const experimentId =
    options.experimentId ??
    (active !== undefined && active.info.runId === runId ? active.info.experimentId : undefined) ??
    (runId === undefined ? await resolveActiveExperimentId() : undefined);
  return { ...options, runId, experimentId };
}

/**
 * Saves a custom TypeScript model (@millrace/models `saveModel`) into a temporary directory and
 * logs it (see `logModelDirectory`) to the active run, or to the active experiment without a run.
 * With `registeredModelName`, the logged model is registered as a new version.
 * Returns `{ modelUri: 'models:/<m-id>', modelId, registeredModelVersion?, … }`.
 */
export async function logModel(options: LogModelOptions): Promise<LoggedModelInfo> {
  const {
    name,
    artifactPath,
    runId: _runId,
    experimentId: _experimentId,
    registeredModelName,
    modelType,
    tags,
    modelParams,
    step,
    ...saveOptions
  } = options;
  const resolved = await target(options);
  const scratch = await mkdtemp(path.join(tmpdir(), 'millrace-log-model-'));
  try {
    const modelName = name ?? artifactPath ?? 'model';
    const saved = await saveModel({
      ...saveOptions,
      path: path.join(scratch, modelName.replace(/[^\w.-]/g, '_')),
      artifactPath: artifactPath ?? modelName,
      ...(resolved.runId === undefined ? {} : { runId: resolved.runId }),
    });
    return await uploadLoggedModel(fluentSession().client, saved.path, {
      name: modelName,
      artifactPath,
      runId: resolved.runId,
      experimentId: resolved.experimentId,
      registeredModelName,
      modelType,
      tags,
      modelParams,
      step,
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Logs a model directory saved by any flavor (custom models, transformers.js …) to the active
 * run (or experiment): the MLflow 3 logged-model sequence, streamed uploads, optional registration.
 */
export async function logModelDirectory(
  localDirectory: string,
  options: LogModelTargetOptions = {},
): Promise<LoggedModelInfo> {
  return uploadLoggedModel(fluentSession().client, localDirectory, await target(options));
}

/**
 * Registers `models:/<m-id>`, `runs:/<run>/<path>` or another model URI as a new version of the
 * registered model `name` (created when missing), as MLflow's `register_model`.
 */
export async function registerModel(
  modelUri: string,
  name: string,
  options: RegisterModelOptions = {},
): Promise<ModelVersion> {
  return registerModelWith(fluentSession().client, modelUri, name, options);
}
