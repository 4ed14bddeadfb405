import path from 'node:path';
import { env, pipeline, type AllTasks } from '@huggingface/transformers';
import { MillraceError } from '@millrace/core';
import { createAsyncLock } from './async-lock.js';
import { errorText } from './error-text.js';
import { missingModelFiles, type OnnxWeights } from './model-files.js';
import type { PipelineTask } from './transformers-task.js';

/**
 * transformers.js reads `env.localModelPath` while it loads, and `env` is global: loads run one
 * at a time so two models never see each other's path.
 */
const loadLock = createAsyncLock();

/** Never reach a model hub: only local files are read. */
export function disableRemoteModels(): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
}

/** The version of transformers.js in use. */
export function transformersVersion(): string {
  return env.version;
}

export interface PipelineLocation {
  /** The Millrace model directory (absolute); it becomes `env.localModelPath`. */
  modelDirectory: string;
  /** The folder of model files inside it (the model id transformers.js resolves). */
  folder: string;
  /** Which ONNX weights to load. */
  weights: OnnxWeights;
}

/**
 * Loads a transformers.js pipeline from a local folder with no network: remote models are
 * disabled and `local_files_only` is set. A missing file is named; any other failure (a
 * corrupted file, an unsupported architecture) is a MillraceError naming the model directory.
 */
export async function loadPipeline<T extends PipelineTask>(
  task: T,
  location: PipelineLocation,
): Promise<AllTasks[T]> {
  const folderPath = path.join(location.modelDirectory, location.folder);
  const missing = missingModelFiles(folderPath, location.weights);
  if (missing.length > 0) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `The transformers.js model at '${location.modelDirectory}' cannot be loaded: missing ` +
        `${missing.map((file) => `'${path.join(location.folder, file)}'`).join(', ')}.`,
    );
  }
  return await loadLock.run(async () => {
    disableRemoteModels();
    env.localModelPath = `${location.modelDirectory}${path.sep}`;
    try {
      return await pipeline(task, location.folder, {
        local_files_only: true,
        dtype: location.weights.dtype as 'fp32',
        model_file_name: location.weights.fileName,
        device: 'cpu',
      });
    } catch (error) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The transformers.js model at '${location.modelDirectory}' could not be loaded as a '${task}' pipeline: ` +
          errorText(error),
      );
    }
  });
}
