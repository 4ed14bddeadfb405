/**
 * Millrace's SDK: everything a model author or client needs from one import.
 * `import { saveModel, inferSignature, setExperiment, startRun, logModel, loadModel } from 'millrace'`.
 * `loadModel` is the client's: it also resolves `runs:/` and `models:/` URIs through the tracking server.
 */
export * from '@millrace/core';
export * from '@millrace/client';
export {
  CUSTOM_MODEL_FLAVOR_NAME,
  createFlavorRegistry,
  createCustomModelFlavor,
  saveModel,
  silentModelLogger,
  type CustomModel,
  type Flavor,
  type FlavorModel,
  type LoadedModel,
  type ModelContext,
  type PredictOptions,
  type SaveModelOptions,
} from '@millrace/models';
