// Benchmark: the whole chain client → gateway → `millrace models serve`, for an `llm/v1/completions`
// endpoint of provider `mlflow-model-serving` over a trivial custom model, next to two baselines in
// the same run: the same chain with a bare node:http + undici proxy in place of the gateway
// (lib/bare-serving-proxy.mjs, the floor of any Node.js gateway), and the model server called
// directly (what the hop costs).
//
//   npm run build && node bench/gateway-chain.mjs [--duration 3] [--model-core 1]
//
// Reference (MLflow 3.6 gateway → MLflow scoring server, same machine class): ~1.07k req/s at c=1,
// ~1.36k req/s at c=8 (p99 9 ms). Target: >= 10x.
//
// The load generator is pinned to core 0; the gateway (or proxy) and the model server share core 1,
// so the chain gets one core as MLflow's did with one worker each (`--model-core 0` moves the model
// server next to the load generator instead: each hop then has a core of its own, and the load
// generator competes with the model server). Besides req/s and latency the
// table gives the CPU time each server process spent per request (utime + stime from /proc, over
// the throughput run): the gateway's own cost, independent of how busy the machine was.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { saveModel } from '@millrace/models';
import { LOAD_GENERATOR_CORE, SERVER_CORE, describePinning, pinProcess } from './lib/cpu-pinning.mjs';
import { format, load, measureLatency, printTable, startServer } from './lib/load.mjs';
import { BENCH_NODE_FLAGS, rerunWithBenchFlags } from './lib/node-flags.mjs';
import { processTreeCpuSeconds } from './lib/process-cpu.mjs';

rerunWithBenchFlags(import.meta.url);

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '3' }, 'model-core': { type: 'string', default: '1' } },
});
const modelCore = Number(values['model-core']);
const durationSeconds = Number(values.duration);
const millraceBin = fileURLToPath(new URL('../packages/millrace/bin/millrace.js', import.meta.url));
const bareProxy = fileURLToPath(new URL('./lib/bare-serving-proxy.mjs', import.meta.url));
const SERVING_LINE = /at (http:\/\/[\d.]+:\d+)/;

const MODEL_CODE = `
export default {
  predict(_context, rows) {
    return rows.map((row) => 'echo: ' + row.prompt);
  },
};
`;
const PROMPT = 'What is MLflow?';

pinProcess(process.pid, LOAD_GENERATOR_CORE);
const workspace = await mkdtemp(join(tmpdir(), 'millrace-bench-chain-'));
const running = [];
try {
  const codePath = join(workspace, 'model.mjs');
  await writeFile(codePath, MODEL_CODE);
  const modelPath = join(workspace, 'model');
  await saveModel({
    path: modelPath,
    code: codePath,
    signature: {
      inputs: [{ type: 'string', name: 'prompt', required: true }],
      outputs: [{ type: 'string', required: true }],
      params: [{ name: 'max_tokens', type: 'long', default: 16, shape: null }],
    },
  });

  const modelServer = await startServer(
    process.execPath,
    [millraceBin, 'models', 'serve', '-m', modelPath, '-p', '0', '--env-manager', 'local'],
    { core: modelCore, readyPattern: SERVING_LINE },
  );
  running.push(modelServer);
  const configPath = join(workspace, 'config.yaml');
  await writeFile(
    configPath,
    [
      'endpoints:',
      '  - name: completions',
      '    endpoint_type: llm/v1/completions',
      '    model:',
      '      provider: mlflow-model-serving',
      '      name: bench-model',
      '      config:',
      `        model_server_url: ${modelServer.address}`,
      '',
    ].join('\n'),
  );
  const gateway = await startServer(
    process.execPath,
    [millraceBin, 'deployments', 'start-server', '--config-path', configPath, '--port', '0'],
    { core: SERVER_CORE, readyPattern: SERVING_LINE },
  );
  running.push(gateway);
  const proxy = await startServer(process.execPath, [...BENCH_NODE_FLAGS, bareProxy, modelServer.address], {
    core: SERVER_CORE,
    readyPattern: SERVING_LINE,
  });
  running.push(proxy);

  const endpointBody = JSON.stringify({ prompt: PROMPT, max_tokens: 16 });
  const targets = [
    {
      name: 'model server directly (/invocations)',
      url: `${modelServer.address}/invocations`,
      body: JSON.stringify({ inputs: [PROMPT], params: { max_tokens: 16 } }),
      front: undefined,
    },
    {
      name: 'bare node:http + undici proxy → model server',
      url: `${proxy.address}/endpoints/completions/invocations`,
      body: endpointBody,
      front: proxy,
    },
    {
      name: 'millrace gateway → model server',
      url: `${gateway.address}/endpoints/completions/invocations`,
      body: endpointBody,
      front: gateway,
    },
  ];

  // Warm every process up at c=8 first (JIT, and the garbage of start-up collected), so that the
  // c=1 cells, which serve few requests, do not carry start-up costs in their CPU per request.
  for (const target of targets) {
    await autocannon({
      url: target.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: target.body,
      connections: 8,
      duration: 2,
    });
  }
  const rows = [];
  const results = new Map();
  for (const connections of [1, 8]) {
    for (const target of targets) {
      const request = {
        url: target.url,
        headers: { 'content-type': 'application/json' },
        body: target.body,
        connections,
        durationSeconds,
      };
      await autocannon({ ...request, duration: 1 });
      const frontBefore = target.front === undefined ? 0 : processTreeCpuSeconds(target.front.child.pid);
      const modelBefore = processTreeCpuSeconds(modelServer.child.pid);
      const throughput = await load({ ...request, warmupSeconds: 0 });
      const frontCpu =
        target.front === undefined ? 0 : processTreeCpuSeconds(target.front.child.pid) - frontBefore;
      const modelCpu = processTreeCpuSeconds(modelServer.child.pid) - modelBefore;
      const latency = await measureLatency(request);
      const microsPerRequest = (seconds) => Math.round((seconds * 1e6) / throughput.total);
      results.set(`${target.name}@${connections}`, { throughput, latency });
      rows.push([
        target.name,
        connections,
        format.rate(throughput.requestsPerSecond),
        format.rate(latency.requestsPerSecond),
        format.ms(latency.p50),
        format.ms(latency.p99),
        target.front === undefined ? '—' : microsPerRequest(frontCpu),
        microsPerRequest(modelCpu),
        throughput.failures + latency.failures,
      ]);
    }
  }
  printTable(
    `Gateway chain, llm/v1/completions via mlflow-model-serving over a trivial custom model, ${durationSeconds} s ` +
      `per cell, loopback, ${describePinning()} (gateway/proxy on core ${SERVER_CORE}, model server on core ${modelCore}) ` +
      '(req/s: autocannon; p50/p99: undici closed loops at the same concurrency; CPU µs/req: /proc utime+stime over the req/s run)',
    [
      'path',
      'conns',
      'req/s autocannon',
      'req/s closed loop',
      'p50 ms',
      'p99 ms',
      'front CPU µs/req',
      'model server CPU µs/req',
      'errors',
    ],
    rows,
  );

  const MLFLOW = { 1: 1070, 8: 1360 };
  const targetRows = [];
  for (const connections of [1, 8]) {
    const gatewayRate = results.get(`${targets[2].name}@${connections}`).throughput.requestsPerSecond;
    const proxyRate = results.get(`${targets[1].name}@${connections}`).throughput.requestsPerSecond;
    targetRows.push([
      `c=${connections}: >= 10x MLflow's ${format.rate(MLFLOW[connections])} req/s`,
      `${format.rate(gatewayRate)} req/s = ${(gatewayRate / MLFLOW[connections]).toFixed(1)}x ` +
        `(bare-proxy chain ${format.rate(proxyRate)} = ${(proxyRate / MLFLOW[connections]).toFixed(1)}x; ` +
        `gateway ${Math.round((gatewayRate / proxyRate) * 100)} % of it)`,
      gatewayRate >= 10 * MLFLOW[connections] ? 'met' : 'NOT met',
    ]);
  }
  printTable('Targets', ['target', 'measured', 'result'], targetRows);
} finally {
  await Promise.all(running.map((server) => server.stop()));
  await rm(workspace, { recursive: true, force: true });
}
