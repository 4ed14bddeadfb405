// CPU time of a process and all its descendants, from /proc (Linux). A `millrace` server command
// serves from node:cluster workers under a supervising process (ADR 0010), so the CPU of "the
// server" is that of its whole process tree.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function ownCpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((child) => child !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds (user + system, all threads) used so far by `pid` and its living descendants; NaN off Linux. */
export function processTreeCpuSeconds(pid) {
  try {
    let ticks = ownCpuTicks(pid);
    for (const child of childrenOf(pid)) {
      const childSeconds = processTreeCpuSeconds(child);
      if (Number.isFinite(childSeconds)) ticks += childSeconds * CLOCK_TICKS;
    }
    return ticks / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
