// Shared helpers for the benchmarks: run autocannon against a URL, start a CLI server and
// wait for its "serving ... at http://..." line, print a table.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { pinnedCommand } from './cpu-pinning.mjs';

/** One load run; returns requests/s (mean over the run) and latency percentiles in ms. */
export async function load({
  url,
  method = 'POST',
  headers,
  body,
  connections,
  durationSeconds,
  warmupSeconds = 1,
}) {
  if (warmupSeconds > 0) {
    await autocannon({ url, method, headers, body, connections, duration: warmupSeconds });
  }
  const result = await autocannon({ url, method, headers, body, connections, duration: durationSeconds });
  const failures = result.errors + result.timeouts + result.non2xx;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
    total: result.requests.total,
  };
}

/**
 * Latency at microsecond resolution (autocannon reports whole milliseconds): `connections`
 * closed loops over keep-alive connections, each sending the next request when the previous
 * answered, for `durationSeconds`. Returns p50/p99 in ms and the rate it reached.
 */
export async function measureLatency({
  url,
  method = 'POST',
  headers,
  body,
  connections,
  durationSeconds,
  warmupSeconds = 1,
}) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const run = async (seconds, samples) => {
    const deadline = performance.now() + seconds * 1000;
    let failures = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const response = await pool.request({ path: target.pathname, method, headers, body });
          await response.body.text();
          if (response.statusCode >= 400) failures += 1;
          samples?.push(performance.now() - started);
        }
      }),
    );
    return failures;
  };
  try {
    await run(warmupSeconds);
    const samples = [];
    const failures = await run(durationSeconds, samples);
    samples.sort((a, b) => a - b);
    const at = (quantile) => samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))];
    return { p50: at(0.5), p99: at(0.99), requestsPerSecond: samples.length / durationSeconds, failures };
  } finally {
    await pool.close();
  }
}

/**
 * Starts a long-running command and resolves once it prints `http://host:port`; `core` pins it
 * (see cpu-pinning.mjs).
 */
export function startServer(command, args, { env, readyPattern = /(http:\/\/[\d.]+:\d+)/, core } = {}) {
  return new Promise((resolve, reject) => {
    const [file, fileArgs] = core === undefined ? [command, args] : pinnedCommand(command, args, core);
    const child = spawn(file, fileArgs, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve({ child, address: match[1], stop: () => stopChild(child) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

export function printTable(title, columns, rows) {
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => String(row[index]).length)),
  );
  const line = (cells) => `| ${cells.map((cell, index) => String(cell).padEnd(widths[index])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export const format = {
  rate: (value) => Math.round(value).toLocaleString('en-US'),
  ms: (value) => (value === undefined ? 'n/a' : value.toFixed(3)),
};
