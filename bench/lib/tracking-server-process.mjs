// A tracking server on the given backend store URI, for the benchmarks (the CLI's `millrace server`
// will do the same): migrate, serve on 127.0.0.1 on a free port, print the address, stop on SIGTERM.
//
//   node bench/lib/tracking-server-process.mjs sqlite:////tmp/bench.db
import { createDatabase, createTrackingStore, migrateToLatest } from '@millrace/store';
import { createTrackingApp } from '@millrace/tracking-server';

const uri = process.argv[2];
if (uri === undefined) {
  console.error('usage: tracking-server-process.mjs <backend store URI>');
  process.exit(2);
}
const database = createDatabase(uri);
await migrateToLatest(database);
const app = createTrackingApp({ trackingStore: createTrackingStore({ database }) });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`serving the tracking API at ${address}`);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
