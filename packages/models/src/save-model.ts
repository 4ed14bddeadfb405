import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  formatUtcTimeCreated,
  inferSignature,
  MillraceError,
  newModelUuid,
  serializeSignature,
  writeMLmodel,
  type MLmodel,
  type ModelSignature,
} from '@millrace/core';
import { bundleModelCode } from './bundle-model-code.js';
import { copyArtifacts } from './copy-artifacts.js';
import { createLoadedModel } from './create-loaded-model.js';
import {
  CUSTOM_MODEL_FLAVOR_NAME,
  loadCustomModel,
  MODEL_CODE_FILE_NAME,
  type CustomModelSource,
} from './custom-model-flavor.js';
import { createCustomModelInstance } from './custom-model-instance.js';
import { directorySize } from './directory-size.js';
import { errorMessage } from './error-message.js';
import { importModelCode } from './import-model-code.js';
import { buildInputExampleFiles, type SavedInputExampleInfo } from './input-example.js';
import { toJsonText } from './json-text.js';
import { millraceVersion } from './millrace-version.js';
import { consoleModelLogger, silentModelLogger, type ModelLogger } from './model-logger.js';
import { buildModelPackageJson, isBuiltinSpecifier, PACKAGE_JSON_FILE_NAME } from './model-package-json.js';
import { NODE_FUNCTION_FLAVOR, type NodeFunctionFlavorConfig } from './node-function.js';
import { prepareSaveDirectory } from './prepare-save-directory.js';

/** Options of `saveModel`. */
export interface SaveModelOptions {
  /** The model directory to create; it must not exist or be empty. */
  path: string;
  /** The model file (.ts or .js) whose default export is the model; bundled into `model.mjs`. */
  code: string;
  /** Files or directories (local paths or `file:` URIs) copied to `artifacts/<name>`. */
  artifacts?: Record<string, string>;
  /** The signature; inferred from `inputExample` (and `params`) when absent. `null`: none. */
  signature?: ModelSignature | null;
  /** An input the model accepts: rows (or a Table), an LLM request body, or any JSON value. */
  inputExample?: unknown;
  /** Params that go with the input example (MLflow's `(input_example, params)` pair). */
  params?: Record<string, unknown>;
  /** Extra npm dependencies for package.json, as `name@range` (or `name`). */
  requirements?: string[];
  /** Packages left as imports instead of bundled (native runtimes …); listed in package.json. */
  external?: string[];
  /** MLmodel `metadata`, e.g. `{ task: 'llm/v1/chat' }`. */
  metadata?: Record<string, unknown>;
  /** Saved as `node_function.config`; the model sees it as `context.modelConfig`. */
  modelConfig?: Record<string, unknown>;
  /** MLmodel `artifact_path` and `run_id`, when the model is logged to a run. */
  artifactPath?: string;
  runId?: string;
  /** Where warnings go (e.g. the output signature could not be inferred); default console.warn. */
  logger?: ModelLogger;
}

/** What `saveModel` wrote. */
export interface SavedModel {
  /** Absolute path of the model directory. */
  path: string;
  mlmodel: MLmodel;
  signature: ModelSignature | null;
}

/** A second bundle whose external imports point at the installed packages, to run the model while saving. */
const SAVE_CHECK_BUNDLE_NAME = '.millrace-save-check.mjs';

function hasSchemaParts(signature: ModelSignature): boolean {
  return signature.inputs !== null || signature.outputs !== null || signature.params !== null;
}

/**
 * Runs the freshly saved model on its input example to infer the output schema, as MLflow does
 * when it infers a signature; a model that cannot run at save time keeps no output schema.
 */
async function inferOutputs(
  source: CustomModelSource,
  mlmodel: MLmodel,
  signature: ModelSignature,
  options: SaveModelOptions,
  logger: ModelLogger,
): Promise<ModelSignature> {
  try {
    const model = createLoadedModel({
      path: source.modelDirectory,
      mlmodel,
      signature,
      flavor: CUSTOM_MODEL_FLAVOR_NAME,
      flavorModel: await loadCustomModel(source),
      logger: silentModelLogger,
    });
    const output = await model.predict(options.inputExample, options.params);
    return { ...signature, outputs: inferSignature(options.inputExample, output, options.params).outputs };
  } catch (error) {
    logger.warn(
      `Could not infer the output schema of the model saved at '${source.modelDirectory}' by running predict on ` +
        `the input example: ${errorMessage(error)}`,
    );
    return signature;
  }
}

async function writeInputExample(
  directory: string,
  options: SaveModelOptions,
): Promise<SavedInputExampleInfo | undefined> {
  if (options.inputExample === undefined) {
    return undefined;
  }
  const files = buildInputExampleFiles(options.inputExample, options.params);
  await writeFile(path.join(directory, files.info.artifact_path), toJsonText(files.inputExample));
  if (files.info.serving_input_path !== undefined) {
    await writeFile(
      path.join(directory, files.info.serving_input_path),
      toJsonText(files.servingInputExample, 2),
    );
  }
  return files.info;
}

/**
 * Saves a custom TypeScript model directory: `model.mjs` (the code bundled with esbuild),
 * `artifacts/`, the input example files, `package.json` and `MLmodel`. The model code runs once
 * while saving (its default export is checked, and with an input example but no signature,
 * predict runs to infer the output schema), so the packages it imports must be installed.
 */
export async function saveModel(options: SaveModelOptions): Promise<SavedModel> {
  const directory = path.resolve(options.path);
  const codePath = path.resolve(options.code);
  const logger = options.logger ?? consoleModelLogger;
  if (options.params !== undefined && options.inputExample === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      '`params` are the params of the input example: give `inputExample` too.',
    );
  }
  const cleanUp = await prepareSaveDirectory(directory);
  const bundlePath = path.join(directory, MODEL_CODE_FILE_NAME);
  let runnablePath = bundlePath;
  try {
    await bundleModelCode({ codePath, outputPath: bundlePath, external: options.external });
    const packageJson = buildModelPackageJson({
      codePath,
      external: options.external,
      requirements: options.requirements,
    });
    if ((options.external ?? []).some((specifier) => !isBuiltinSpecifier(specifier))) {
      runnablePath = path.join(directory, SAVE_CHECK_BUNDLE_NAME);
      await bundleModelCode({
        codePath,
        outputPath: runnablePath,
        external: options.external,
        pinExternalsToInstalledFiles: true,
      });
    }
    // Checks the default export now rather than at serving time, and sees whether it streams.
    const instance = createCustomModelInstance(await importModelCode(runnablePath, directory), directory);
    const artifacts = await copyArtifacts(directory, options.artifacts ?? {});
    const savedInputExampleInfo = await writeInputExample(directory, options);
    await writeFile(
      path.join(directory, PACKAGE_JSON_FILE_NAME),
      `${JSON.stringify(packageJson, null, 2)}\n`,
    );

    const nodeFunction: NodeFunctionFlavorConfig = {
      loader: CUSTOM_MODEL_FLAVOR_NAME,
      node_version: process.versions.node,
      env: { npm: PACKAGE_JSON_FILE_NAME },
      code: MODEL_CODE_FILE_NAME,
      source_path: codePath,
      artifacts,
      streamable: typeof instance.predictStream === 'function',
    };
    if (options.modelConfig !== undefined) {
      nodeFunction.config = options.modelConfig;
    }
    const mlmodel: MLmodel = {
      flavors: { [NODE_FUNCTION_FLAVOR]: nodeFunction },
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
    if (options.metadata !== undefined) {
      mlmodel.metadata = options.metadata;
    }
    if (savedInputExampleInfo !== undefined) {
      mlmodel.saved_input_example_info = savedInputExampleInfo;
    }

    let signature = options.signature ?? null;
    if (options.signature === undefined && options.inputExample !== undefined) {
      const inputSignature = inferSignature(options.inputExample, undefined, options.params);
      const source: CustomModelSource = {
        modelDirectory: directory,
        nodeFunction,
        modelConfig: { ...(options.modelConfig ?? {}) },
        codePath: runnablePath,
      };
      signature = await inferOutputs(source, mlmodel, inputSignature, options, logger);
    }
    if (signature !== null && hasSchemaParts(signature)) {
      mlmodel.signature = serializeSignature(signature);
    } else {
      signature = null;
    }
    if (runnablePath !== bundlePath) {
      await rm(runnablePath, { force: true });
    }
    mlmodel.model_size_bytes = await directorySize(directory);
    await writeMLmodel(directory, mlmodel);
    return { path: directory, mlmodel, signature };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
