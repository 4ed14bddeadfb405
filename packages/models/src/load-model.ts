import { getMLmodelSignature, MillraceError, readMLmodel } from '@millrace/core';
import { createFlavorRegistry, type FlavorRegistry } from './flavor-registry.js';
import type { Flavor } from './flavor.js';
import { createLoadedModel } from './create-loaded-model.js';
import type { LoadedModel } from './loaded-model.js';
import { consoleModelLogger, type ModelLogger } from './model-logger.js';
import { readNodeFunctionFlavor } from './node-function.js';
import { resolveModelDirectory, type ResolveModelUri } from './resolve-model-directory.js';

/** Options of `loadModel`. */
export interface LoadModelOptions {
  /** Flavors to load with, besides the custom TypeScript model flavor (or a whole registry). */
  flavors?: FlavorRegistry | readonly Flavor[];
  /** Resolves `runs:/` and `models:/` URIs to a local directory (the tracking client provides it). */
  resolveModelUri?: ResolveModelUri;
  /** Overrides keys of the model config saved with the model (MLflow's load-time `model_config`). */
  modelConfig?: Record<string, unknown>;
  /** Where enforcement warnings go; default: console.warn. */
  logger?: ModelLogger;
}

/** The message MLflow gives for a model whose artifacts live outside its directory. */
const EXTERNAL_MODEL_MESSAGE =
  "This model's artifacts are external and are not stored in the model directory. This model cannot be loaded with MLflow.";

function isRegistry(flavors: FlavorRegistry | readonly Flavor[]): flavors is FlavorRegistry {
  return !Array.isArray(flavors);
}

/**
 * Loads a model directory (a path, a `file:` URI, or a `runs:/`/`models:/` URI through
 * `resolveModelUri`) with the flavor its MLmodel names in `node_function.loader`, and returns a
 * `LoadedModel` whose predictions enforce the signature.
 */
export async function loadModel(pathOrUri: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const directory = await resolveModelDirectory(pathOrUri, options.resolveModelUri);
  const mlmodel = await readMLmodel(directory);
  const external: unknown = mlmodel.metadata?.['mlflow.model.isExternal'];
  if (external === true || external === 'true') {
    throw new MillraceError('INVALID_PARAMETER_VALUE', EXTERNAL_MODEL_MESSAGE);
  }
  const nodeFunction = readNodeFunctionFlavor(mlmodel, directory);
  const flavors = options.flavors ?? [];
  const registry = isRegistry(flavors) ? flavors : createFlavorRegistry(flavors);
  const flavor = registry.get(nodeFunction.loader);
  const signature = getMLmodelSignature(mlmodel);
  const flavorModel = await flavor.load(directory, mlmodel, {
    modelConfig: { ...(nodeFunction.config ?? {}), ...(options.modelConfig ?? {}) },
  });
  return createLoadedModel({
    path: directory,
    mlmodel,
    signature,
    flavor: flavor.name,
    flavorModel,
    logger: options.logger ?? consoleModelLogger,
  });
}
