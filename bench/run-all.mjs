// Runs every benchmark in turn (each prints its own table). Build first: `npm run build`.
//   npm run bench                      all of them
//   npm run bench -- scoring gateway   some of them
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = {
  scoring: 'scoring-server.mjs',
  gateway: 'gateway.mjs',
  'gateway-chain': 'gateway-chain.mjs',
  tracking: 'tracking-server.mjs',
  embeddings: 'embeddings.mjs',
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(BENCHMARKS);
for (const name of chosen) {
  const script = BENCHMARKS[name];
  if (script === undefined) {
    console.error(`unknown benchmark '${name}'; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} (${script}) ===`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
