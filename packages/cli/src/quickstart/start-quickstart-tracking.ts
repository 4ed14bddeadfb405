import { join } from 'node:path';
import { createArtifactRepository, createDatabase, createStores } from '@millrace/store';
import { createTrackingApp } from '@millrace/tracking-server';
import { upgradeDatabase } from '../serve/serve-tracking.js';
import type { ListeningApp } from '../serve/run-server.js';

/** MLflow's default artifact root when the server proxies artifacts. */
const PROXIED_ARTIFACT_ROOT = 'mlflow-artifacts:/';

/**
 * The quickstart's tracking server, in this process: SQLite at `<workdir>/mlflow.db`, proxied
 * artifacts under `<workdir>/mlartifacts` (as `millrace server` with those flags).
 */
export async function createQuickstartTracking(
  workdir: string,
): Promise<{ app: ListeningApp; backendStoreUri: string }> {
  const backendStoreUri = `sqlite:///${join(workdir, 'mlflow.db')}`;
  await upgradeDatabase(backendStoreUri, PROXIED_ARTIFACT_ROOT);
  const database = createDatabase(backendStoreUri);
  const artifactsDestination = createArtifactRepository(join(workdir, 'mlartifacts'));
  const app = createTrackingApp({
    ...createStores({ database, defaultArtifactRoot: PROXIED_ARTIFACT_ROOT }),
    artifactsDestination,
    serveArtifacts: true,
    directArtifactRoots: [],
  });
  app.addHook('onClose', async () => {
    await artifactsDestination.close();
    await database.close();
  });
  return { app, backendStoreUri };
}
