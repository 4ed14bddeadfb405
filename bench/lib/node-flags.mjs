// The V8 flags of the processes in a benchmark. `millrace` serves from workers started with
// `--max-semi-space-size=4` (packages/cli/src/serve/run-server.ts, ADR 0010): with V8's default,
// a busy Node.js process grows its young generation to 16 MiB and pauses ~1 ms per collection.
// The load generator and the baselines (bare servers and proxies) get the same flag, so that a
// p99 measures the path under test rather than the load generator's own pauses.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BENCH_NODE_FLAGS = ['--max-semi-space-size=4'];

function startedWithFlags() {
  return process.execArgv.some((flag) => flag.startsWith('--max-semi-space-size'));
}

/**
 * Runs the script at `scriptUrl` again with BENCH_NODE_FLAGS (same arguments, same terminal) and
 * exits with its status, unless this process already has them.
 */
export function rerunWithBenchFlags(scriptUrl) {
  if (startedWithFlags()) return;
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, ...BENCH_NODE_FLAGS, fileURLToPath(scriptUrl), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
