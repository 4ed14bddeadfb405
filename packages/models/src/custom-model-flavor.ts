import { existsSync } from 'node:fs';
import { MillraceError, type MLmodel } from '@millrace/core';
import type { CustomModel, ModelContext } from './custom-model.js';
import { createCustomModelInstance } from './custom-model-instance.js';
import { errorMessage } from './error-message.js';
import type { Flavor, FlavorLoadOptions, FlavorModel, FlavorPredictContext } from './flavor.js';
import { importModelCode } from './import-model-code.js';
import { resolveInsideModelDirectory } from './model-directory-path.js';
import { readNodeFunctionFlavor, type NodeFunctionFlavorConfig } from './node-function.js';

/** The `node_function.loader` value of custom TypeScript models. */
export const CUSTOM_MODEL_FLAVOR_NAME = 'custom_model';

/** The bundled model code inside a model directory. */
export const MODEL_CODE_FILE_NAME = 'model.mjs';

function resolveArtifacts(
  modelDirectory: string,
  saved: NodeFunctionFlavorConfig['artifacts'],
): Readonly<Record<string, string>> {
  const artifacts: Record<string, string> = {};
  for (const [name, artifact] of Object.entries(saved ?? {})) {
    if (typeof artifact?.path !== 'string') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The artifact '${name}' of the model at '${modelDirectory}' has no path.`,
      );
    }
    const absolute = resolveInsideModelDirectory(modelDirectory, artifact.path, `artifact '${name}'`);
    if (!existsSync(absolute)) {
      throw new MillraceError(
        'RESOURCE_DOES_NOT_EXIST',
        `The artifact '${name}' of the model at '${modelDirectory}' is missing: '${absolute}' does not exist.`,
      );
    }
    artifacts[name] = absolute;
  }
  return Object.freeze(artifacts);
}

function isIterable(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (Symbol.asyncIterator in value || Symbol.iterator in value) &&
    typeof value !== 'string'
  );
}

function createFlavorModel(
  model: CustomModel,
  loadContext: ModelContext,
  streams: boolean,
  modelDirectory: string,
): FlavorModel {
  // `signal` is read lazily: a server may create the AbortSignal only when someone asks for it.
  const contextFor = (call: FlavorPredictContext): ModelContext => ({
    artifacts: loadContext.artifacts,
    modelConfig: loadContext.modelConfig,
    get signal() {
      return call.signal;
    },
  });
  const flavorModel: FlavorModel = {
    async predict(input, params, call) {
      return await model.predict(contextFor(call), input, params);
    },
  };
  if (streams) {
    flavorModel.predictStream = async function* predictStream(input, params, call) {
      // `streams` is only true when predictStream is a method.
      const chunks: unknown = model.predictStream?.(contextFor(call), input, params);
      if (!isIterable(chunks)) {
        throw new MillraceError(
          'INTERNAL_ERROR',
          `The predictStream method of the model at '${modelDirectory}' must return an async iterable ` +
            '(e.g. be an async generator method); it returned something else.',
        );
      }
      yield* chunks;
    };
  }
  if (typeof model.predictBatch === 'function') {
    const predictBatch = model.predictBatch.bind(model);
    // `LoadedModel.predictBatch` checks that the answer is one output per input.
    flavorModel.predictBatch = async (inputs, params, call) =>
      (await predictBatch(contextFor(call), inputs, params)) as unknown[];
  }
  return flavorModel;
}

/** What `loadCustomModel` needs. */
export interface CustomModelSource {
  modelDirectory: string;
  nodeFunction: NodeFunctionFlavorConfig;
  modelConfig: Record<string, unknown>;
  /** The bundle to import; default: `node_function.code` inside the model directory. */
  codePath?: string;
}

/**
 * Imports a custom model's bundle, instantiates its default export and calls `loadContext`
 * once with the artifacts and model config.
 */
export async function loadCustomModel(source: CustomModelSource): Promise<FlavorModel> {
  const { modelDirectory, nodeFunction } = source;
  const codePath =
    source.codePath ??
    resolveInsideModelDirectory(
      modelDirectory,
      typeof nodeFunction.code === 'string' ? nodeFunction.code : MODEL_CODE_FILE_NAME,
      'model code',
    );
  if (!existsSync(codePath)) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `The model code '${codePath}' of the model at '${modelDirectory}' does not exist.`,
    );
  }
  const artifacts = resolveArtifacts(modelDirectory, nodeFunction.artifacts);
  const model = createCustomModelInstance(await importModelCode(codePath, modelDirectory), modelDirectory);
  const hasStreamMethod = typeof model.predictStream === 'function';
  if (nodeFunction.streamable === true && !hasStreamMethod) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Failed to load the model at '${modelDirectory}': its MLmodel declares it streamable but the model has no predictStream method.`,
    );
  }
  const context: ModelContext = Object.freeze({
    artifacts,
    modelConfig: Object.freeze({ ...source.modelConfig }),
  });
  if (model.loadContext !== undefined) {
    try {
      await model.loadContext(context);
    } catch (error) {
      throw new MillraceError(
        'INTERNAL_ERROR',
        `Failed to load the model at '${modelDirectory}': loadContext threw: ${errorMessage(error)}`,
      );
    }
  }
  return createFlavorModel(
    model,
    context,
    nodeFunction.streamable === true && hasStreamMethod,
    modelDirectory,
  );
}

/**
 * The flavor of custom TypeScript models: `model.mjs` (the bundled model file) is imported, its
 * default export instantiated, `loadContext` called once with the artifacts and model config.
 */
export function createCustomModelFlavor(): Flavor {
  return {
    name: CUSTOM_MODEL_FLAVOR_NAME,
    async load(modelDirectory: string, mlmodel: MLmodel, options: FlavorLoadOptions): Promise<FlavorModel> {
      const nodeFunction = readNodeFunctionFlavor(mlmodel, modelDirectory);
      return await loadCustomModel({ modelDirectory, nodeFunction, modelConfig: options.modelConfig });
    },
  };
}
