import { MillraceError, parseModelUri } from '@millrace/core';
import type { ModelVersion } from '../entities/model-version.js';
import type { MlflowClient } from '../tracking/mlflow-client.js';
import { locateModel } from './model-location.js';

export interface RegisterModelOptions {
  /** Tags of the new version. */
  tags?: Record<string, string>;
  description?: string;
  /** Wait until the version is READY (default true). */
  awaitReady?: boolean;
}

/** What a model version is created from: its source, run and logged model. */
async function versionSource(
  client: MlflowClient,
  modelUri: string,
): Promise<{ source: string; runId?: string; modelId?: string }> {
  const parsed = parseModelUri(modelUri);
  switch (parsed.kind) {
    case 'local':
      throw MillraceError.invalidParameterValue(
        `Cannot register the local directory '${modelUri}': log it first (logModelDirectory) and register the logged model.`,
      );
    case 'runs': {
      const location = await locateModel(client, modelUri);
      // MLflow 3: the run's logged model of that name; otherwise the run's own artifacts.
      if (location.modelId !== undefined && location.path === undefined) {
        return { source: `models:/${location.modelId}`, runId: parsed.runId, modelId: location.modelId };
      }
      const source =
        location.path === undefined ? location.artifactUri : `${location.artifactUri}/${location.path}`;
      return {
        source,
        runId: parsed.runId,
        ...(location.modelId === undefined ? {} : { modelId: location.modelId }),
      };
    }
    case 'model-id': {
      const model = await client.getLoggedModel(parsed.modelId);
      return {
        source: modelUri,
        modelId: model.modelId,
        ...(model.sourceRunId === undefined ? {} : { runId: model.sourceRunId }),
      };
    }
    default:
      return { source: modelUri };
  }
}

/**
 * Registers a model as a new version of a registered model, creating the registered model when
 * missing (MLflow's `register_model`): `models:/<m-id>` (a logged model), `runs:/<run>/<path>`
 * (the run's logged model of that name, or its artifacts), `models:/<name>/<version>` or an
 * artifact URI. Returns the version once READY.
 */
export async function registerModelWith(
  client: MlflowClient,
  modelUri: string,
  name: string,
  options: RegisterModelOptions = {},
): Promise<ModelVersion> {
  try {
    await client.createRegisteredModel(name);
  } catch (error) {
    if (!MillraceError.isInstance(error) || error.errorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
  }
  const { source, runId, modelId } = await versionSource(client, modelUri);
  return client.createModelVersion(name, source, {
    runId,
    modelId,
    tags: options.tags,
    description: options.description,
    awaitReady: options.awaitReady,
  });
}
