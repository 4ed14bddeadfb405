import { loadModel as loadModelDirectory, type LoadedModel, type LoadModelOptions } from '@millrace/models';
import { createModelUriResolver, type ModelUriResolverOptions } from './model-uri-resolver.js';

export type LoadModelFromServerOptions = Omit<LoadModelOptions, 'resolveModelUri'> & ModelUriResolverOptions;

/**
 * Loads a model by local path or by URI (`runs:/…`, `models:/name/1`, `models:/name@alias`,
 * `models:/name/latest`, `models:/m-…`, `mlflow-artifacts:/…`): the model is located on the
 * tracking server, downloaded into the cache (or found there), then loaded by @millrace/models'
 * `loadModel`.
 */
export async function loadModel(uri: string, options: LoadModelFromServerOptions = {}): Promise<LoadedModel> {
  const { trackingUri, client, cacheDirectory, ...loadOptions } = options;
  const directory = await createModelUriResolver({ trackingUri, client, cacheDirectory })(uri);
  return loadModelDirectory(directory, loadOptions);
}
