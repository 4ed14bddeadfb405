import { createModelUriResolver } from '@millrace/client';
import { loadModel, type Flavor } from '@millrace/models';
import { createScoringApp } from '@millrace/scoring-server';
import { MILLRACE_VERSION } from '../version.js';
import type { ListeningApp } from '../serve/run-server.js';

/** The transformers.js flavor, imported when a model needs it (as `millrace models serve` does). */
const transformersFlavor: Flavor = {
  name: 'transformers_js',
  async load(modelDirectory, mlmodel, options) {
    const { createTransformersFlavor } = await import('@millrace/flavor-transformers');
    return await createTransformersFlavor().load(modelDirectory, mlmodel, options);
  },
};

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
  const model = await loadModel(directory, { flavors: [transformersFlavor] });
  return createScoringApp({ model, version: MILLRACE_VERSION });
}
