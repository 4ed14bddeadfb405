import { createDatabase, createStores, migrateToLatest } from '../src/index.js';
import { runLoggedModelStoreContract } from './logged-model-store-contract.js';
import { runModelRegistryStoreContract } from './model-registry-store-contract.js';
import { runTraceStoreContract } from './trace-store-contract.js';
import { createTemporaryPostgresSchema, TEST_POSTGRES_URL } from './postgres-test-schema.js';
import type { StoresContractOptions } from './stores-fixture.js';

const backends: StoresContractOptions[] = [
  {
    name: 'SQLite',
    async createStores(now) {
      const database = createDatabase('sqlite:///:memory:');
      await migrateToLatest(database);
      return { ...createStores({ database, now }), close: () => database.close() };
    },
  },
];

// On PostgreSQL when a server is given (CI sets MILLRACE_TEST_POSTGRES_URL when one is reachable);
// every test gets a schema of its own, dropped afterwards.
if (TEST_POSTGRES_URL !== undefined && TEST_POSTGRES_URL !== '') {
  const serverUrl = TEST_POSTGRES_URL;
  backends.push({
    name: 'PostgreSQL',
    async createStores(now) {
      const schema = await createTemporaryPostgresSchema(serverUrl);
      const database = createDatabase(schema.uri, { maxConnections: 2 });
      await migrateToLatest(database);
      return {
        ...createStores({ database, now }),
        async close() {
          await database.close();
          await schema.drop();
        },
      };
    },
  });
}

for (const backend of backends) {
  runModelRegistryStoreContract(backend);
  runLoggedModelStoreContract(backend);
  runTraceStoreContract(backend);
}
