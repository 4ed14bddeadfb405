import path from 'node:path';
import { MillraceError, parseModelUri } from '@millrace/core';

/** Downloads (or finds) the model a `runs:/` or `models:/` URI names; returns its local directory. */
export type ResolveModelUri = (uri: string) => Promise<string>;

/**
 * The local directory of a model: a path (relative to the working directory) or `file:` URI is
 * used directly; `runs:/` and `models:/` URIs go through `resolveModelUri` (the tracking client's
 * resolver); other schemes are refused.
 */
export async function resolveModelDirectory(
  pathOrUri: string,
  resolveModelUri?: ResolveModelUri,
): Promise<string> {
  if (typeof pathOrUri !== 'string' || pathOrUri === '') {
    throw new MillraceError('INVALID_PARAMETER_VALUE', 'A model path or URI is required.');
  }
  const parsed = parseModelUri(pathOrUri);
  switch (parsed.kind) {
    case 'local':
      return path.resolve(parsed.path);
    case 'runs':
    case 'models':
    case 'model-id': {
      if (resolveModelUri === undefined) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `Resolving '${pathOrUri}' needs a tracking server: set MLFLOW_TRACKING_URI (or pass a resolver to loadModel) ` +
            'to load models by runs:/ or models:/ URI, or give the path of a local model directory.',
        );
      }
      return path.resolve(await resolveModelUri(pathOrUri));
    }
    default:
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Cannot load a model from '${pathOrUri}': only local paths, file: URIs, runs:/ and models:/ URIs are supported; ` +
          'download the model to a local directory first.',
      );
  }
}
