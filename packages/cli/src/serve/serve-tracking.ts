import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { createArtifactRepository, createDatabase, createStores, migrateToLatest } from '@millrace/store';
import { createTrackingApp } from '@millrace/tracking-server';
import { log, runServer } from './run-server.js';

export interface ServeTrackingOptions {
  backendStoreUri: string;
  defaultArtifactRoot: string;
  host: string;
  port: number;
  workers: number;
  staticPrefix?: string;
  /** Where proxied `mlflow-artifacts:` files live (a directory or s3://bucket/prefix). */
  artifactsDestination: string;
  serveArtifacts: boolean;
}

/** Hides the password of a database URI for log lines. */
export function redactUri(uri: string): string {
  return uri.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** Brings the backend store's schema to the latest version (`millrace db upgrade`, and server start). */
export async function upgradeDatabase(
  backendStoreUri: string,
  defaultArtifactRoot: string,
): Promise<string[]> {
  const database = createDatabase(backendStoreUri);
  try {
    return await migrateToLatest(database, { defaultArtifactRoot });
  } finally {
    await database.close();
  }
}

/**
 * `millrace server`: the MLflow tracking server on SQLite or PostgreSQL. Migrations run once in the
 * primary process before any worker starts.
 */
export async function serveTracking(options: ServeTrackingOptions): Promise<number> {
  if (cluster.isPrimary) {
    const applied = await upgradeDatabase(options.backendStoreUri, options.defaultArtifactRoot);
    if (applied.length > 0)
      log(`database ${redactUri(options.backendStoreUri)}: applied ${applied.length} migration(s)`);
  }
  return runServer({
    host: options.host,
    port: options.port,
    workers: options.workers,
    describe: (address) =>
      `tracking server on ${redactUri(options.backendStoreUri)} serving at ${address} (workers: ${options.workers}, artifact root: ${options.defaultArtifactRoot})`,
    createApp: async () => {
      const database = createDatabase(options.backendStoreUri);
      const artifactsDestination = options.serveArtifacts
        ? createArtifactRepository(
            /^[a-z][a-z0-9+.-]*:/i.test(options.artifactsDestination)
              ? options.artifactsDestination
              : resolve(options.artifactsDestination),
          )
        : undefined;
      const proxied = options.defaultArtifactRoot.startsWith('mlflow-artifacts:');
      const app = createTrackingApp({
        ...createStores({ database, defaultArtifactRoot: options.defaultArtifactRoot }),
        staticPrefix: options.staticPrefix,
        artifactsDestination,
        serveArtifacts: options.serveArtifacts,
        directArtifactRoots: proxied ? [] : [options.defaultArtifactRoot],
      });
      app.addHook('onClose', async () => {
        await artifactsDestination?.close();
        await database.close();
      });
      return app;
    },
  });
}
