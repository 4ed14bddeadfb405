import { existsSync, statSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  formatUtcTimeCreated,
  MillraceError,
  newModelUuid,
  serializeSignature,
  writeMLmodel,
  type MLmodel,
  type ModelSignature,
} from '@millrace/core';
import {
  buildInputExampleFiles,
  NODE_FUNCTION_FLAVOR,
  type NodeFunctionFlavorConfig,
} from '@millrace/models';
import { llmSignature } from './llm-signatures.js';
import {
  DEFAULT_ONNX_WEIGHTS,
  hasChatTemplate,
  missingModelFiles,
  MODEL_FILES_FOLDER,
  readModelJson,
  readOnnxWeights,
  type OnnxWeights,
} from './model-files.js';
import { flavorPackageVersion } from './package-version.js';
import { pipelineTaskSignature } from './pipeline-task-signatures.js';
import { directorySize, millraceVersion, prepareSaveDirectory } from '@millrace/models';
import { buildTransformersFlavorConfig } from './transformers-flavor-config.js';
import { transformersVersion } from './transformers-runtime.js';
import {
  isGenerationTask,
  isLlmTask,
  isTransformersTask,
  pipelineTaskOf,
  TRANSFORMERS_FLAVOR_NAME,
  TRANSFORMERS_TASKS,
  type TransformersTask,
} from './transformers-task.js';

/** Options of `saveTransformersModel`. */
export interface SaveTransformersModelOptions {
  /** The model directory to create; it must not exist or be empty. */
  path: string;
  /**
   * A local Hugging Face-style model folder (config.json, tokenizer.json, tokenizer_config.json,
   * onnx/model.onnx), e.g. an Optimum ONNX export; it is copied into the model directory.
   */
  modelDirectory: string;
  task: TransformersTask;
  /** An input the model accepts, saved as input_example.json (and a serving example). */
  inputExample?: unknown;
  /** MLmodel `metadata`; for llm/v1 tasks `task` is set to the task (a different one is refused). */
  metadata?: Record<string, unknown>;
  /**
   * Saved as `node_function.config`: inference defaults (max_new_tokens, temperature, top_p, top_k,
   * do_sample, repetition_penalty, seed, stop; pooling, normalize; top_k for fill-mask), `dtype`
   * (the ONNX variant: fp32, fp16, q8, q4, …) and `model_file_name` (`model`, or e.g.
   * `decoder_model_merged` for older decoder exports).
   */
  modelConfig?: Record<string, unknown>;
  /**
   * Plain pipeline tasks only (llm/v1 tasks have MLflow's fixed signature): the signature, or
   * null for none. Default: no input/output schema and a params schema of the task's knobs.
   */
  signature?: ModelSignature | null;
  /** The `model` of responses. Default: `_name_or_path` of config.json, else the folder's name. */
  sourceModelName?: string;
  /** MLmodel `artifact_path` and `run_id`, when the model is logged to a run. */
  artifactPath?: string;
  runId?: string;
}

/** What `saveTransformersModel` wrote. */
export interface SavedTransformersModel {
  /** Absolute path of the model directory. */
  path: string;
  mlmodel: MLmodel;
  signature: ModelSignature | null;
}

const PACKAGE_JSON_FILE_NAME = 'package.json';

function checkTask(task: unknown): TransformersTask {
  if (!isTransformersTask(task)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Unsupported task ${JSON.stringify(task)} for the ${TRANSFORMERS_FLAVOR_NAME} flavor. ` +
        `Supported tasks: ${TRANSFORMERS_TASKS.join(', ')}.`,
    );
  }
  return task;
}

function checkSourceFolder(
  source: string,
  target: string,
  task: TransformersTask,
  weights: OnnxWeights,
): void {
  if (!existsSync(source) || !statSync(source).isDirectory()) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `The model folder '${source}' does not exist or is not a directory.`,
    );
  }
  const relative = path.relative(source, target);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The model directory '${target}' cannot be inside the model folder '${source}'.`,
    );
  }
  const missing = missingModelFiles(source, weights);
  if (missing.length > 0) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `The model folder '${source}' is missing ${missing.map((file) => `'${file}'`).join(', ')}: a transformers.js ` +
        'model needs config.json, the tokenizer files and its ONNX weights under onnx/.',
    );
  }
  if (task === 'llm/v1/chat' && !hasChatTemplate(source)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The tokenizer of '${source}' has no chat template (tokenizer_config.json 'chat_template'), which llm/v1/chat needs.`,
    );
  }
}

function resolveSignature(
  task: TransformersTask,
  given: ModelSignature | null | undefined,
): ModelSignature | null {
  if (isLlmTask(task)) {
    const fixed = llmSignature(task);
    const differs =
      given !== undefined &&
      given !== null &&
      JSON.stringify(serializeSignature(given)) !== JSON.stringify(serializeSignature(fixed));
    if (differs) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `When \`task\` is specified as \`${task}\`, the signature would be set by MLflow. Please do not set the signature.`,
      );
    }
    return fixed;
  }
  return given === undefined ? pipelineTaskSignature(pipelineTaskOf(task)) : given;
}

function resolveMetadata(
  task: TransformersTask,
  metadata: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!isLlmTask(task)) {
    return metadata;
  }
  const given = metadata?.['task'];
  if (given !== undefined && given !== task) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `metadata.task is '${String(given)}' but the model is saved for task '${task}'; they must be the same.`,
    );
  }
  return { ...metadata, task };
}

function sourceModelNameOf(source: string, given: string | undefined): string {
  if (given !== undefined) {
    return given;
  }
  const fromConfig = readModelJson(source, 'config.json')?.['_name_or_path'];
  return typeof fromConfig === 'string' && fromConfig !== '' ? fromConfig : path.basename(source);
}

/**
 * Saves a transformers.js model directory: the model folder copied to `model/`, `MLmodel` with a
 * `transformers_js` flavor block and `node_function.loader: transformers_js`, `package.json`,
 * and the input example files. For llm/v1 tasks the signature is MLflow's fixed one and
 * `metadata.task` is the task.
 */
export async function saveTransformersModel(
  options: SaveTransformersModelOptions,
): Promise<SavedTransformersModel> {
  const task = checkTask(options.task);
  const directory = path.resolve(options.path);
  const source = path.resolve(options.modelDirectory);
  const modelConfig = options.modelConfig;
  const weights = readOnnxWeights(modelConfig, DEFAULT_ONNX_WEIGHTS);
  checkSourceFolder(source, directory, task, weights);
  const signature = resolveSignature(task, options.signature);
  const metadata = resolveMetadata(task, options.metadata);
  const inputExampleFiles =
    options.inputExample === undefined ? undefined : buildInputExampleFiles(options.inputExample);

  const cleanUp = await prepareSaveDirectory(directory);
  try {
    await cp(source, path.join(directory, MODEL_FILES_FOLDER), {
      recursive: true,
      filter: (file) => !path.basename(file).startsWith('.git'),
    });
    if (inputExampleFiles !== undefined) {
      await writeFile(
        path.join(directory, inputExampleFiles.info.artifact_path),
        JSON.stringify(inputExampleFiles.inputExample),
      );
      if (inputExampleFiles.info.serving_input_path !== undefined) {
        await writeFile(
          path.join(directory, inputExampleFiles.info.serving_input_path),
          JSON.stringify(inputExampleFiles.servingInputExample, null, 2),
        );
      }
    }
    const packageJson = {
      private: true,
      type: 'module',
      dependencies: {
        '@huggingface/transformers': transformersVersion(),
        '@millrace/flavor-transformers': flavorPackageVersion(),
      },
    };
    await writeFile(
      path.join(directory, PACKAGE_JSON_FILE_NAME),
      `${JSON.stringify(packageJson, null, 2)}\n`,
    );

    const nodeFunction: NodeFunctionFlavorConfig = {
      loader: TRANSFORMERS_FLAVOR_NAME,
      node_version: process.versions.node,
      env: { npm: PACKAGE_JSON_FILE_NAME },
      streamable: isGenerationTask(task),
    };
    if (modelConfig !== undefined) {
      nodeFunction.config = modelConfig;
    }
    const flavorConfig = buildTransformersFlavorConfig({
      task,
      source_model_name: sourceModelNameOf(source, options.sourceModelName),
      model_path: MODEL_FILES_FOLDER,
      dtype: weights.dtype,
      model_file_name: weights.fileName,
      transformers_js_version: transformersVersion(),
    });
    const mlmodel: MLmodel = {
      flavors: {
        [NODE_FUNCTION_FLAVOR]: nodeFunction,
        [TRANSFORMERS_FLAVOR_NAME]: { ...flavorConfig },
      },
      millrace_version: millraceVersion(),
      model_uuid: newModelUuid(),
      utc_time_created: formatUtcTimeCreated(new Date()),
    };
    if (options.artifactPath !== undefined) {
      mlmodel.artifact_path = options.artifactPath;
    }
    if (options.runId !== undefined) {
      mlmodel.run_id = options.runId;
    }
    if (metadata !== undefined) {
      mlmodel.metadata = metadata;
    }
    if (inputExampleFiles !== undefined) {
      mlmodel.saved_input_example_info = inputExampleFiles.info;
    }
    if (signature !== null) {
      mlmodel.signature = serializeSignature(signature);
    }
    mlmodel.model_size_bytes = await directorySize(directory);
    await writeMLmodel(directory, mlmodel);
    return { path: directory, mlmodel, signature };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
