import { parseModelUri } from '@millrace/core';
import type { ResolveModelUri } from '@millrace/models';
import { downloadToCache } from '../artifacts/artifact-cache.js';
import { MlflowClient } from '../tracking/mlflow-client.js';
import { locateModel } from './model-location.js';

export interface ModelUriResolverOptions {
  /** Default: `setTrackingUri`'s, else MLFLOW_TRACKING_URI (read when a URI needs the server). */
  trackingUri?: string;
  /** A client to use instead of creating one. */
  client?: MlflowClient;
  /** Where downloaded models are kept; default the client's cache (`~/.cache/millrace/artifacts`). */
  cacheDirectory?: string;
}

/**
 * A `ResolveModelUri` for @millrace/models' `loadModel` (and the CLI's `models serve -m`):
 * local paths and `file:` URIs are returned as they are; `runs:/`, `models:/` and
 * `mlflow-artifacts:/` URIs are located on the tracking server and downloaded (streamed) into a
 * cache, where an unchanged copy is reused. Unknown runs, models, versions or aliases are
 * MillraceErrors with the server's code and the URI in the message.
 */
export function createModelUriResolver(options: ModelUriResolverOptions = {}): ResolveModelUri {
  let client = options.client;
  return async (uri: string): Promise<string> => {
    const parsed = parseModelUri(uri);
    if (parsed.kind === 'local') return parsed.path;
    client ??= new MlflowClient({ trackingUri: options.trackingUri, cacheDirectory: options.cacheDirectory });
    const location = await locateModel(client, uri);
    return downloadToCache(
      client.artifactRepository(location.artifactUri),
      location.path,
      options.cacheDirectory ?? client.cacheDirectory,
    );
  };
}
