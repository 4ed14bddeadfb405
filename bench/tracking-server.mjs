// Benchmark: the tracking server on SQLite and on PostgreSQL (when reachable).
//
//   npx tsc -b tsconfig.build.json && node bench/tracking-server.mjs [--duration 10] [--runs 30000]
//     [--backend all|sqlite|postgres]
//
// - log-metric requests/s at c=8 (each request a new step, so every one writes a history row and
//   moves the latest value);
// - log-batch of 1000 metrics, p50 of sequential requests;
// - search-runs over N runs with 20 params and 20 metrics each (seeded through the store), a
//   filter on a metric and a param, ORDER BY a metric, first page of 100: p50 of sequential requests.
// Targets: >= 11k log-metric req/s at c=8; log-batch(1000) <= 20 ms p50; search <= 300 ms p50.
// The bare node:http row is the floor of any Node.js server on this machine at the same load; on
// PostgreSQL, the "group-commit floor" row is a bare node:http server that appends each point to
// one table by group commit (bench/lib/bare-postgres-group-commit-server.mjs): the floor of any
// durable PostgreSQL-backed server at the same load;
// "µs CPU/req" is the server process's CPU per request, which a busy machine distorts less; on
// PostgreSQL, "+ N µs PostgreSQL" is the CPU of the database backends serving the server.
// PostgreSQL: MILLRACE_BENCH_POSTGRES_URL (or MILLRACE_TEST_POSTGRES_URL), default
// postgresql://postgres@127.0.0.1:5432/test; the benchmark works in a schema of its own and drops it.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, createTrackingStore, migrateToLatest } from '@millrace/store';
import { format, printTable, startServer } from './lib/load.mjs';
import { startStealMeter } from './lib/cpu-steal.mjs';
import { BENCH_NODE_FLAGS, rerunWithBenchFlags } from './lib/node-flags.mjs';
import { processTreeCpuSeconds } from './lib/process-cpu.mjs';

/** CPU time (user + system) of a process tree, in microseconds (Linux; undefined elsewhere). */
function cpuMicroseconds(pid) {
  const seconds = processTreeCpuSeconds(pid);
  return Number.isFinite(seconds) ? seconds * 1e6 : undefined;
}

rerunWithBenchFlags(import.meta.url);

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '30000' },
    backend: { type: 'string', default: 'all' },
  },
});
if (!['all', 'sqlite', 'postgres'].includes(values.backend)) {
  console.error(`--backend must be all, sqlite or postgres, got '${values.backend}'`);
  process.exit(2);
}
const durationSeconds = Number(values.duration);
const seededRuns = Number(values.runs);
const serverScript = fileURLToPath(new URL('./lib/tracking-server-process.mjs', import.meta.url));
const floorServer = fileURLToPath(new URL('./lib/bare-json-server.mjs', import.meta.url));
const postgresFloorServer = fileURLToPath(
  new URL('./lib/bare-postgres-group-commit-server.mjs', import.meta.url),
);
const postgresUrl =
  process.env.MILLRACE_BENCH_POSTGRES_URL ??
  process.env.MILLRACE_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432/test';

const PARAMS_PER_RUN = 20;
const METRICS_PER_RUN = 20;
const SEARCH = {
  filter: "metrics.m3 < 0.5 and params.p1 = 'v1'",
  order_by: ['metrics.m7 DESC'],
  max_results: 100,
};

function percentile(samples, fraction) {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function call(address, path, body) {
  const response = await globalThis.fetch(`${address}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

async function timeSequential(count, action) {
  const samples = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await action(index);
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Seeds runs through the store (not HTTP), several at a time on PostgreSQL. */
async function seed(uri, experimentName, concurrency) {
  const database = createDatabase(uri, { maxConnections: concurrency });
  await migrateToLatest(database);
  const store = createTrackingStore({ database });
  const experimentId = await store.createExperiment({ name: experimentName });
  const started = performance.now();
  let next = 0;
  async function worker() {
    while (next < seededRuns) {
      const index = next++;
      const run = await store.createRun({
        experimentId,
        runName: `run-${index}`,
        startTime: 1_700_000_000_000 + index,
      });
      await store.logBatch(run.info.runId, {
        params: Array.from({ length: PARAMS_PER_RUN }, (_, param) => ({
          key: `p${param}`,
          value: `v${(index + param) % 4}`,
        })),
        metrics: Array.from({ length: METRICS_PER_RUN }, (_, metric) => ({
          key: `m${metric}`,
          value: Math.random(),
          timestamp: 1_700_000_000_000 + index,
          step: 0,
        })),
      });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  // What autovacuum does on its own shortly after a bulk load: without statistics PostgreSQL's
  // planner takes the freshly filled tables for tiny ones.
  if (database.dialect === 'postgres') await sql`analyze`.execute(database.kysely);
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return { experimentId, seconds };
}

/**
 * The server's CPU time and, on PostgreSQL, that of each backend serving it, by pid (µs; Linux
 * only). A backend that closes between two readings loses its share, one that opens counts whole.
 */
function cpuMeter(server, postgresApplication) {
  if (postgresApplication === undefined) {
    return async () => ({ server: cpuMicroseconds(server.child.pid), backends: new Map() });
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  const connected = client.connect();
  const read = async () => {
    await connected;
    const { rows } = await client.query('select pid from pg_stat_activity where application_name = $1', [
      postgresApplication,
    ]);
    return {
      server: cpuMicroseconds(server.child.pid),
      backends: new Map(rows.map((row) => [row.pid, cpuMicroseconds(row.pid)])),
    };
  };
  read.close = () => client.end();
  return read;
}

function perRequest(before, after, requests) {
  const server =
    before.server === undefined || after.server === undefined
      ? undefined
      : (after.server - before.server) / requests;
  let database = 0;
  for (const [pid, cpu] of after.backends) {
    if (cpu === undefined || database === undefined) database = undefined;
    else database += cpu - (before.backends.get(pid) ?? 0);
  }
  return { server, database: database === undefined ? undefined : database / requests };
}

/**
 * c=8 for the configured duration, each request a new point (new step), after a warm-up run.
 * Also the server's CPU per request, which a busy machine distorts less than requests/s.
 */
async function logMetricThroughput(server, path, bodyFor, meter = cpuMeter(server)) {
  let step = 0;
  const run = (duration) =>
    autocannon({
      url: `${server.address}${path}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: 8,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, body: bodyFor(step++) }) }],
    });
  await run(2);
  const cpuBefore = await meter();
  const result = await run(durationSeconds);
  const cpuAfter = await meter();
  const cpu = perRequest(cpuBefore, cpuAfter, result.requests.total);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuPerRequest: cpu.server,
    databaseCpuPerRequest: cpu.database,
  };
}

function cpuText({ server, database }, unit = 'µs', scale = 1) {
  if (server === undefined) return 'n/a';
  const text = `${(server / scale).toFixed(scale === 1 ? 0 : 1)} ${unit} CPU/req`;
  return database === undefined || database === 0
    ? text
    : `${text} + ${(database / scale).toFixed(scale === 1 ? 0 : 1)} ${unit} PostgreSQL`;
}

function metricBody(runId) {
  return (step) =>
    `{"run_id":"${runId}","key":"loss","value":${Math.random()},"timestamp":${1_700_000_000_000 + step},"step":${step}}`;
}

function throughputRow(name, what, throughput, target) {
  const cpu = cpuText({ server: throughput.cpuPerRequest, database: throughput.databaseCpuPerRequest });
  return [
    name,
    `${what}, c=8, ${durationSeconds} s (${throughput.failures} errors)`,
    `${format.rate(throughput.rate)} req/s`,
    `p50 ${format.ms(throughput.p50)} / p99 ${format.ms(throughput.p99)} ms, ${cpu}`,
    target,
  ];
}

async function benchBackend(name, uri, concurrency) {
  const rows = [];
  const { experimentId, seconds } = await seed(uri, 'bench-search', concurrency);
  rows.push([
    name,
    `seed ${seededRuns} runs (store, ${PARAMS_PER_RUN} params + ${METRICS_PER_RUN} metrics each)`,
    `${seconds.toFixed(1)} s`,
    '',
    '',
  ]);
  // On PostgreSQL the server's connections carry a name, to find the backends serving them.
  const postgresApplication =
    name === 'PostgreSQL' ? `millrace_bench_${randomBytes(4).toString('hex')}` : undefined;
  const serverUri =
    postgresApplication === undefined
      ? uri
      : withSearchParameter(uri, 'application_name', postgresApplication);
  const server = await startServer(process.execPath, [...BENCH_NODE_FLAGS, serverScript, serverUri]);
  const meter = cpuMeter(server, postgresApplication);
  try {
    const { address } = server;
    const page = await call(address, '/api/2.0/mlflow/runs/search', {
      experiment_ids: [experimentId],
      ...SEARCH,
    });
    if ((page.runs ?? []).length === 0) throw new Error('the benchmark search found no runs');
    const search = await timeSequential(30, () =>
      call(address, '/api/2.0/mlflow/runs/search', { experiment_ids: [experimentId], ...SEARCH }),
    );
    rows.push([
      name,
      `search-runs, ${seededRuns} runs, metric+param filter, order by metric, 100/page`,
      format.ms(search.p50),
      format.ms(search.p99),
      '<= 300 ms p50',
    ]);

    const target = await call(address, '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: 'bench-logging',
      start_time: Date.now(),
    });
    const runId = target.run.info.run_id;
    let batchStep = 0;
    const batchCpuBefore = await meter();
    const batch = await timeSequential(60, () => {
      const base = batchStep;
      batchStep += 1000;
      return call(address, '/api/2.0/mlflow/runs/log-batch', {
        run_id: runId,
        metrics: Array.from({ length: 1000 }, (_, index) => ({
          key: 'batch_loss',
          value: Math.random(),
          timestamp: 1_700_000_000_000 + base + index,
          step: base + index,
        })),
      });
    });
    const batchCpu = perRequest(batchCpuBefore, await meter(), 60);
    rows.push([
      name,
      'log-batch, 1000 metrics, sequential',
      format.ms(batch.p50),
      `p99 ${format.ms(batch.p99)} ms, ${cpuText(batchCpu, 'ms', 1000)}`,
      '<= 20 ms p50',
    ]);

    const throughput = await logMetricThroughput(
      server,
      '/api/2.0/mlflow/runs/log-metric',
      metricBody(runId),
      meter,
    );
    rows.push(throughputRow(name, 'log-metric', throughput, '>= 11k req/s'));
  } finally {
    await meter.close?.();
    await server.stop();
  }
  if (postgresApplication !== undefined) {
    const floor = await startServer(process.execPath, [...BENCH_NODE_FLAGS, postgresFloorServer, serverUri]);
    const floorMeter = cpuMeter(floor, postgresApplication);
    try {
      const throughput = await logMetricThroughput(
        floor,
        '/api/2.0/mlflow/runs/log-metric',
        metricBody('floor-run'),
        floorMeter,
      );
      rows.push(throughputRow('PostgreSQL', 'group-commit floor, same bodies', throughput, 'floor'));
    } finally {
      await floorMeter.close?.();
      await floor.stop();
    }
  }
  return rows;
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function withSearchParameter(uri, key, value) {
  const url = new URL(uri);
  url.searchParams.set(key, value);
  return url.toString();
}

async function withPostgresSchema(action) {
  const schema = `millrace_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    return await action(withSearchParameter(postgresUrl, 'options', `-c search_path=${schema}`));
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

const steal = startStealMeter();
const rows = [];
// The floor: a bare node:http server that parses the same JSON bodies and answers a constant.
const floor = await startServer(process.execPath, [...BENCH_NODE_FLAGS, floorServer]);
try {
  rows.push(
    throughputRow(
      'bare node:http',
      'same bodies, no work',
      await logMetricThroughput(floor, '/invocations', metricBody('x')),
      'floor',
    ),
  );
} finally {
  await floor.stop();
}
const workspace = await mkdtemp(join(tmpdir(), 'millrace-tracking-bench-'));
try {
  if (values.backend !== 'postgres') {
    rows.push(...(await benchBackend('SQLite', `sqlite:///${join(workspace, 'bench.db')}`, 1)));
  }
} finally {
  await rm(workspace, { recursive: true, force: true });
}
if (values.backend === 'sqlite') {
  // SQLite only, as asked.
} else if (await postgresReachable()) {
  rows.push(...(await withPostgresSchema((uri) => benchBackend('PostgreSQL', uri, 8))));
} else {
  console.error(`PostgreSQL at ${postgresUrl} is not reachable: SQLite only.`);
}
printTable(
  `Tracking server (autocannon and fetch over loopback; server in its own process; CPU steal during the run: ${steal()})`,
  ['store', 'measurement', 'result', 'detail', 'target'],
  rows,
);
