import { createDatabase, createTrackingStore, migrateToLatest } from '../src/index.js';
import { createTemporaryPostgresSchema, TEST_POSTGRES_URL } from './postgres-test-schema.js';
import { runTrackingStoreContract } from './tracking-store-contract.js';

runTrackingStoreContract({
  name: 'SQLite',
  async createStore() {
    const database = createDatabase('sqlite:///:memory:');
    await migrateToLatest(database);
    return { store: createTrackingStore({ database }), close: () => database.close() };
  },
});

// On PostgreSQL when a server is given (CI sets MILLRACE_TEST_POSTGRES_URL when one is reachable);
// every test gets a schema of its own, dropped afterwards.
if (TEST_POSTGRES_URL !== undefined && TEST_POSTGRES_URL !== '') {
  const serverUrl = TEST_POSTGRES_URL;
  runTrackingStoreContract({
    name: 'PostgreSQL',
    async createStore() {
      const schema = await createTemporaryPostgresSchema(serverUrl);
      const database = createDatabase(schema.uri, { maxConnections: 2 });
      await migrateToLatest(database);
      return {
        store: createTrackingStore({ database }),
        async close() {
          await database.close();
          await schema.drop();
        },
      };
    },
  });
}
