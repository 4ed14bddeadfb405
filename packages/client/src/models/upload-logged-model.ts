import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MillraceError, MLMODEL_FILE_NAME, readMLmodel, writeMLmodel, type MLmodel } from '@millrace/core';
import type { LoggedModel } from '../entities/logged-model.js';
import type { ModelVersion } from '../entities/model-version.js';
import { contextTags } from '../tracking/context-tags.js';
import type { MlflowClient } from '../tracking/mlflow-client.js';
import { registerModelWith } from './register-model.js';

export interface UploadLoggedModelOptions {
  /** The logged model's name (MLflow 3 `name`). Default: `artifactPath`, else `model`. */
  name?: string;
  /**
   * MLflow 2's `artifact_path`: the model is also uploaded to `<run artifacts>/<artifactPath>`,
   * so `getArtifactUri(artifactPath)` and `runs:/<run>/<artifactPath>` name a model directory.
   */
  artifactPath?: string;
  /** The run the model is logged from (its params go to the model, the run records it as an output). */
  runId?: string;
  /** The experiment of the logged model; default the run's. */
  experimentId?: string;
  /** Register the model under this name (created when missing) as a new version. */
  registeredModelName?: string;
  modelType?: string;
  /** Tags of the logged model (besides the user and source tags). */
  tags?: Record<string, string>;
  /** Extra params of the logged model (besides the run's, which it gets too). */
  modelParams?: Record<string, unknown>;
  /** The step recorded with the run's output. Default 0. */
  step?: number;
}

/** What logging a model produced (MLflow's `ModelInfo`). */
export interface LoggedModelInfo {
  /** `models:/<model_id>`. */
  modelUri: string;
  modelId: string;
  name: string;
  runId?: string;
  /** The logged model's artifact location (`mlflow-artifacts:/<exp>/models/<m-id>/artifacts`). */
  artifactUri: string;
  /** MLflow 2 layout only: `<run artifact uri>/<artifactPath>`. */
  runArtifactUri?: string;
  mlmodel: MLmodel;
  loggedModel: LoggedModel;
  registeredModelVersion?: ModelVersion;
}

/**
 * Logs a saved model directory to a tracking server with MLflow 3's sequence: create the logged
 * model (PENDING, with the run's params and context tags), record it as the run's output, upload
 * the directory (streamed; MLmodel last, with `model_id` and `run_id` filled in), finalize it READY
 * (UPLOAD_FAILED when the upload fails), and optionally register it as a model version. The local
 * directory is not modified.
 */
export async function uploadLoggedModel(
  client: MlflowClient,
  localDirectory: string,
  options: UploadLoggedModelOptions,
): Promise<LoggedModelInfo> {
  const directory = path.resolve(localDirectory);
  const mlmodel = await readMLmodel(directory);
  const name = options.name ?? options.artifactPath ?? 'model';
  const run = options.runId === undefined ? undefined : await client.getRun(options.runId);
  const experimentId = options.experimentId ?? run?.info.experimentId;
  if (experimentId === undefined) {
    throw MillraceError.invalidParameterValue('Logging a model needs a run or an experiment id.');
  }
  const created = await client.createLoggedModel(experimentId, {
    name,
    sourceRunId: options.runId,
    params: { ...(run?.data.params ?? {}), ...(options.modelParams ?? {}) },
    tags: { ...contextTags(), ...(options.tags ?? {}) },
    modelType: options.modelType,
  });
  const modelId = created.modelId;
  if (options.runId !== undefined) {
    try {
      await client.logOutputs(options.runId, [{ modelId, step: options.step ?? 0 }]);
    } catch (error) {
      // Servers before MLflow 3 have no run outputs; the logged model still names its source run.
      if (!MillraceError.isInstance(error) || error.errorCode !== 'ENDPOINT_NOT_FOUND') throw error;
    }
  }

  const uploaded: MLmodel = {
    ...mlmodel,
    artifact_path: options.artifactPath ?? name,
    model_id: modelId,
    ...(options.runId === undefined ? {} : { run_id: options.runId }),
  };
  const scratch = await mkdtemp(path.join(tmpdir(), 'millrace-mlmodel-'));
  let runArtifactUri: string | undefined;
  try {
    await writeMLmodel(scratch, uploaded);
    const patchedMLmodel = path.join(scratch, MLMODEL_FILE_NAME);
    const targets = [created.artifactUri];
    if (options.artifactPath !== undefined && run !== undefined) {
      runArtifactUri = `${run.info.artifactUri}/${options.artifactPath}`;
      targets.push(runArtifactUri);
    }
    for (const target of targets) {
      const repository = client.artifactRepository(target);
      await repository.uploadDirectory(directory, undefined, { exclude: [MLMODEL_FILE_NAME] });
      await repository.uploadFile(patchedMLmodel);
    }
  } catch (error) {
    await client.finalizeLoggedModel(modelId, 'UPLOAD_FAILED').catch(() => undefined);
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const loggedModel = await client.finalizeLoggedModel(modelId, 'READY');
  const info: LoggedModelInfo = {
    modelUri: `models:/${modelId}`,
    modelId,
    name,
    artifactUri: created.artifactUri,
    mlmodel: uploaded,
    loggedModel,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(runArtifactUri === undefined ? {} : { runArtifactUri }),
  };
  if (options.registeredModelName !== undefined) {
    info.registeredModelVersion = await registerModelWith(client, info.modelUri, options.registeredModelName);
  }
  return info;
}
