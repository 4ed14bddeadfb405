import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArtifactRepository, createDatabase, createStores, migrateToLatest } from '@millrace/store';
import { createTrackingApp } from '@millrace/tracking-server';

/** One request the server received. */
export interface SeenRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: string;
}

export interface TestTrackingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Requests whose path contains `fragment` (and whose method is `method`, when given). */
  count(fragment: string, method?: string): number;
  /** Scratch directory of this server (database file, artifacts). */
  directory: string;
  loggedErrors: string[];
  close(): Promise<void>;
}

/** A real tracking server on a temporary SQLite file, listening on 127.0.0.1 (a free port). */
export async function startTrackingServer(): Promise<TestTrackingServer> {
  const directory = mkdtempSync(path.join(tmpdir(), 'millrace-client-server-'));
  const database = createDatabase(`sqlite:///${path.join(directory, 'mlflow.db')}`);
  await migrateToLatest(database);
  const stores = createStores({ database });
  const artifactsDestination = createArtifactRepository(path.join(directory, 'mlartifacts'));
  const loggedErrors: string[] = [];
  const app = createTrackingApp({
    ...stores,
    artifactsDestination,
    logger: { error: (message) => loggedErrors.push(message) },
  });
  const requests: SeenRequest[] = [];
  // On the node:http server: RPCs are answered ahead of fastify's hooks (ADR 0011).
  app.server.on('request', (request: IncomingMessage) => {
    const url = request.url ?? '';
    requests.push({ method: request.method ?? '', path: url.split('?', 1)[0] ?? '', url });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (fragment, method) =>
      requests.filter(
        (request) => request.path.includes(fragment) && (method === undefined || request.method === method),
      ).length,
    directory,
    loggedErrors,
    async close() {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await database.close();
      await artifactsDestination.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
