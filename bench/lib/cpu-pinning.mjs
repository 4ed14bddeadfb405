// Pins processes to CPU cores with taskset (util-linux), so that the load generator and the server
// under test do not take turns on the same core: on a 2-core machine the load generator gets core 0
// and the server core 1, as the peers' figures in shared/notes/anchors.md were measured. Without
// taskset, on a single core, or with MILLRACE_BENCH_PIN=0, nothing is pinned.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const LOAD_GENERATOR_CORE = 0;
export const SERVER_CORE = 1;

function tasksetAvailable() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const pinningEnabled =
  process.env.MILLRACE_BENCH_PIN !== '0' && availableParallelism() >= 2 && tasksetAvailable();

/** Pins a running process (and its threads) to one core; a no-op when pinning is off. */
export function pinProcess(pid, core) {
  if (!pinningEnabled) return;
  execFileSync('taskset', ['-a', '-c', '-p', String(core), String(pid)], { stdio: 'ignore' });
}

/** The command line that runs `command` on one core (from its first thread on); unchanged when pinning is off. */
export function pinnedCommand(command, args, core) {
  return pinningEnabled ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

/** Describes the pinning for a table title. */
export function describePinning() {
  return pinningEnabled
    ? `load generator pinned to core ${LOAD_GENERATOR_CORE}, server to core ${SERVER_CORE}`
    : 'not pinned';
}
