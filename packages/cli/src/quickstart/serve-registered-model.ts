import { createModelUriResolver } from '@millrace/client';
import { loadModel } from '@millrace/models';
import { createScoringApp } from '@millrace/scoring-server';
import { MILLRACE_VERSION } from '../version.js';
import { CLI_FLAVORS } from '../serve/model-flavors.js';
import type { ListeningApp } from '../serve/run-server.js';

/**
 * The scoring server (`/invocations`, `/metadata` …) over a registry model URI such as
 * `models:/embeddings/1`, downloaded from the tracking server into `cacheDirectory`.
 */
export async function createRegisteredModelApp(
  trackingUri: string,
  modelUri: string,
  cacheDirectory: string,
): Promise<ListeningApp> {
  const directory = await createModelUriResolver({ trackingUri, cacheDirectory })(modelUri);
  const model = await loadModel(directory, { flavors: CLI_FLAVORS });
  return createScoringApp({ model, version: MILLRACE_VERSION });
}
