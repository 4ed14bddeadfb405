// Benchmark: /invocations throughput and latency of `millrace models serve` for a trivial custom
// model, next to a bare node:http server that parses the JSON body and answers a fixed
// prediction (the floor of any Node.js scoring server on this machine).
//
//   npm run build && node bench/scoring-server.mjs [--duration 10] [--workers 1]
//
// Reference (MLflow 3.6 scoring server, same machine class, c=8): ~2.7k req/s (p99 4.6 ms) for the
// 3-row dataframe_split, ~3.7k req/s for inputs. Target: >= 10x that, p99 <= 1 ms at c=8.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { saveModel } from '@millrace/models';
import { LOAD_GENERATOR_CORE, SERVER_CORE, describePinning, pinProcess } from './lib/cpu-pinning.mjs';
import { format, load, measureLatency, printTable, startServer } from './lib/load.mjs';
import { BENCH_NODE_FLAGS, rerunWithBenchFlags } from './lib/node-flags.mjs';

rerunWithBenchFlags(import.meta.url);

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, workers: { type: 'string', default: '1' } },
});
const durationSeconds = Number(values.duration);
const millraceBin = fileURLToPath(new URL('../packages/millrace/bin/millrace.js', import.meta.url));
const floorServer = fileURLToPath(new URL('./lib/bare-json-server.mjs', import.meta.url));

const MODEL_CODE = `
export default {
  predict(_context, rows) {
    return rows.map((row) => row.x * row.y);
  },
};
`;

const payloads = {
  'dataframe_split, 3 rows': {
    dataframe_split: {
      columns: ['x', 'y', 'label'],
      data: [
        [1, 2.5, 'a'],
        [2, 3.5, 'b'],
        [3, 4.5, 'c'],
      ],
    },
  },
  'inputs, 3 records': {
    inputs: [
      { x: 1, y: 2.5, label: 'a' },
      { x: 2, y: 3.5, label: 'b' },
      { x: 3, y: 4.5, label: 'c' },
    ],
  },
};

pinProcess(process.pid, LOAD_GENERATOR_CORE);
const workspace = await mkdtemp(join(tmpdir(), 'millrace-bench-'));
try {
  const codePath = join(workspace, 'model.mjs');
  await writeFile(codePath, MODEL_CODE);
  const modelPath = join(workspace, 'model');
  await saveModel({
    path: modelPath,
    code: codePath,
    signature: {
      inputs: [
        { type: 'long', name: 'x', required: true },
        { type: 'double', name: 'y', required: true },
        { type: 'string', name: 'label', required: true },
      ],
      outputs: null,
      params: [{ name: 'scale', type: 'double', default: 1.0, shape: null }],
    },
  });

  const servers = [
    [
      'millrace models serve',
      process.execPath,
      [millraceBin, 'models', 'serve', '-m', modelPath, '-p', '0', '-w', values.workers],
    ],
    ['bare node:http floor', process.execPath, [...BENCH_NODE_FLAGS, floorServer]],
  ];
  const rows = [];
  for (const [name, command, args] of servers) {
    // Several workers share the cores with the load generator rather than one core each.
    const server = await startServer(command, args, {
      core: Number(values.workers) > 1 ? undefined : SERVER_CORE,
    });
    try {
      for (const [payloadName, payload] of Object.entries(payloads)) {
        for (const connections of [1, 8]) {
          const request = {
            url: `${server.address}/invocations`,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
            connections,
            durationSeconds,
          };
          const throughput = await load(request);
          const latency = await measureLatency(request);
          rows.push([
            name,
            payloadName,
            connections,
            format.rate(throughput.requestsPerSecond),
            format.ms(latency.p50),
            format.ms(latency.p99),
            throughput.failures + latency.failures,
          ]);
        }
      }
    } finally {
      await server.stop();
    }
  }
  printTable(
    `/invocations, trivial custom model, ${durationSeconds} s per cell, workers=${values.workers}, loopback, ` +
      `${describePinning()} ` +
      '(req/s: autocannon; p50/p99: undici closed loops at the same concurrency, µs resolution)',
    ['server', 'payload', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
    rows,
  );
} finally {
  await rm(workspace, { recursive: true, force: true });
}
