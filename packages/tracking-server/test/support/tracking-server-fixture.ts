import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import {
  createDatabase,
  createStores,
  migrateToLatest,
  type LoggedModelStore,
  type ModelRegistryStore,
  type TrackingStore,
} from '@millrace/store';
import { createTrackingApp, type TrackingAppOptions, type TrackingServerLogger } from '../../src/index.js';
import {
  createTemporaryPostgresSchema,
  TEST_POSTGRES_URL,
} from '../../../store/test/postgres-test-schema.js';

export interface TrackingBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A database URI and how to dispose of it. */
  open(): Promise<{ uri: string; dispose(): Promise<void> }>;
}

/** SQLite (in memory) always; PostgreSQL too when MILLRACE_TEST_POSTGRES_URL is set. */
export function trackingBackends(): TrackingBackend[] {
  const backends: TrackingBackend[] = [
    { name: 'SQLite', open: async () => ({ uri: 'sqlite:///:memory:', dispose: async () => {} }) },
  ];
  if (TEST_POSTGRES_URL !== undefined && TEST_POSTGRES_URL !== '') {
    const serverUrl = TEST_POSTGRES_URL;
    backends.push({
      name: 'PostgreSQL',
      async open() {
        const schema = await createTemporaryPostgresSchema(serverUrl);
        return { uri: schema.uri, dispose: () => schema.drop() };
      },
    });
  }
  return backends;
}

export interface RunningTrackingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  trackingStore: TrackingStore;
  modelRegistryStore: ModelRegistryStore;
  loggedModelStore: LoggedModelStore;
  /** Internal errors the server logged (a test expects none). */
  loggedErrors: string[];
  /** The app, listening (for `inject`, which goes through fastify's routes only). */
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * A tracking server (tracking, model registry, logged models) on a fresh, migrated store,
 * listening on 127.0.0.1 on a free port; `appOptions` adds app options (artifact serving);
 * `beforeListen` may add hooks.
 */
export async function startTrackingServer(
  backend: TrackingBackend,
  appOptions: Partial<TrackingAppOptions> = {},
  beforeListen: (app: FastifyInstance) => void = () => {},
): Promise<RunningTrackingServer> {
  const location = await backend.open();
  const database = createDatabase(location.uri, { maxConnections: 4 });
  await migrateToLatest(database);
  const stores = createStores({ database });
  const loggedErrors: string[] = [];
  const logger: TrackingServerLogger = { error: (message) => loggedErrors.push(message) };
  const app = createTrackingApp({ ...appOptions, ...stores, logger });
  beforeListen(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...stores,
    loggedErrors,
    app,
    async close() {
      await app.close();
      await database.close();
      await location.dispose();
    },
  };
}
