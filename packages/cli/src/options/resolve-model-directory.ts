import { parseModelUri } from '@millrace/core';
import { createModelUriResolver, MlflowClient } from '@millrace/client';

/**
 * The local directory of a model URI: a path or `file:` URI as it is; `runs:/`, `models:/` and
 * `mlflow-artifacts:/` URIs located on the tracking server (MLFLOW_TRACKING_URI) and downloaded
 * into the local artifact cache (re-used when already there).
 */
export async function resolveModelDirectory(uri: string): Promise<string> {
  if (parseModelUri(uri).kind === 'local') return uri;
  const client = new MlflowClient();
  try {
    return await createModelUriResolver({ client })(uri);
  } finally {
    await client.close();
  }
}
