// The share of CPU time the hypervisor took from this virtual machine ("steal", /proc/stat) while
// a benchmark ran. On a shared 2-vCPU VM it moves results by 2x or more; a run with a high steal
// share is not comparable with a quiet one.
import { readFileSync } from 'node:fs';

function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { total, steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/** Starts counting; the returned function answers the steal share so far, e.g. "3.1%" (or "n/a"). */
export function startStealMeter() {
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    if (before === undefined || after === undefined || after.total === before.total) return 'n/a';
    return `${((100 * (after.steal - before.steal)) / (after.total - before.total)).toFixed(1)}%`;
  };
}
