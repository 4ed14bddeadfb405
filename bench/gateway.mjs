// Benchmark: the Millrace gateway next to a bare Node http + undici proxy, both in front of the same
// mock OpenAI upstream on loopback (the floor of any Node.js gateway on this machine, see
// shared/notes/anchors.md §4).
//
//   npm run build && node bench/gateway.mjs [--duration 5] [--samples 6000] [--streams 512]
//
// Measures: added latency at c=1 (p50/p99 of gateway - direct and proxy - direct, interleaved
// sequential samples, as anchors.md §4 measured them), max requests/s (autocannon, 32 connections)
// with the CPU time the proxy and the gateway spent per request (utime + stime from /proc), streaming
// time to first token, and N concurrent SSE streams held through the gateway without stalls.
// Targets: added p50 <= 2x the bare proxy's added p50, added p99 <= 1 ms, throughput >= 50 % of the
// bare proxy's.
//
// "Added p99" is a difference of two tails, each set by the machine's worst 1 % (scheduling, other
// processes): on a busy machine it measures the machine more than the gateway. The table therefore
// also gives the gateway's own overhead p99 (the X-Millrace-Gateway-Overhead-Ms header of the same
// samples: time in the gateway minus time waiting on the upstream), and the processes are pinned
// like anchors.md's: mock upstream and load generator on core 0, bare proxy and gateway on core 1
// (MILLRACE_BENCH_PIN=0 turns pinning off).
//
// The script runs itself in three roles (child processes): `--role upstream`, `--role proxy`,
// `--role gateway`; without `--role` it is the driver.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import {
  LOAD_GENERATOR_CORE,
  SERVER_CORE,
  describePinning,
  pinProcess,
  pinnedCommand,
} from './lib/cpu-pinning.mjs';
import { format, load, printTable } from './lib/load.mjs';
import { BENCH_NODE_FLAGS, rerunWithBenchFlags } from './lib/node-flags.mjs';
import { processTreeCpuSeconds } from './lib/process-cpu.mjs';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    upstream: { type: 'string' },
    duration: { type: 'string', default: '5' },
    samples: { type: 'string', default: '6000' },
    streams: { type: 'string', default: '512' },
  },
});

const CHAT_BODY = JSON.stringify({ messages: [{ role: 'user', content: 'Hello!' }] });
const UPSTREAM_MODEL = 'gpt-4o-mini';
const STREAM_CHUNKS = 20;
const STREAM_INTERVAL_MS = 50;

function announce(server, name) {
  const { port } = server.address();
  process.stderr.write(`${name} at http://127.0.0.1:${port}\n`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

function readBody(incoming) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

/** The mock upstream: a ~250-byte chat.completion, or an SSE stream (first chunk at once, then one every `interval`). */
function runUpstream() {
  const completion = JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1700000000,
    model: UPSTREAM_MODEL,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Hello! How can I help?' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
  });
  const server = createServer(async (incoming, outgoing) => {
    const body = JSON.parse(await readBody(incoming));
    if (body.stream !== true) {
      outgoing.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(completion),
      });
      outgoing.end(completion);
      return;
    }
    const chunks = Number(body.bench_chunks ?? STREAM_CHUNKS);
    const interval = Number(body.bench_interval_ms ?? STREAM_INTERVAL_MS);
    outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
    let sent = 0;
    const send = () => {
      if (outgoing.destroyed) return;
      if (sent === chunks) {
        outgoing.end('data: [DONE]\n\n');
        return;
      }
      const chunk = {
        id: 'chatcmpl-bench',
        object: 'chat.completion.chunk',
        created: 1700000000,
        model: UPSTREAM_MODEL,
        choices: [
          {
            index: 0,
            delta: { content: `token${sent} ` },
            finish_reason: sent === chunks - 1 ? 'stop' : null,
          },
        ],
      };
      outgoing.write(`data: ${JSON.stringify(chunk)}\n\n`);
      sent += 1;
      setTimeout(send, interval);
    };
    send();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announce(server, 'mock upstream'));
}

/** The floor: node:http + undici Pool, JSON parse → add model → serialise → upstream → parse → serialise; streams piped. */
function runBareProxy(upstream) {
  const pool = new Pool(upstream, { pipelining: 1, keepAliveTimeout: 30_000 });
  const server = createServer(async (incoming, outgoing) => {
    try {
      const body = JSON.parse(await readBody(incoming));
      const { model: _model, ...rest } = body;
      const response = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: JSON.stringify({ model: UPSTREAM_MODEL, ...rest }),
      });
      if (body.stream === true) {
        outgoing.writeHead(response.statusCode, { 'content-type': 'text/event-stream' });
        for await (const chunk of response.body) outgoing.write(chunk);
        outgoing.end();
        return;
      }
      const answer = JSON.stringify(JSON.parse(await response.body.text()));
      outgoing.writeHead(response.statusCode, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      outgoing.end(answer);
    } catch (error) {
      outgoing.writeHead(502).end(String(error));
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => announce(server, 'bare proxy'));
}

async function runGateway(upstream) {
  const { createGatewayApp, parseGatewayConfig, silentGatewayLogger } = await import('@millrace/gateway');
  const yaml = [
    'endpoints:',
    '  - name: chat',
    '    endpoint_type: llm/v1/chat',
    '    model:',
    '      provider: openai',
    `      name: ${UPSTREAM_MODEL}`,
    '      config:',
    '        openai_api_key: bench-key',
    `        openai_api_base: ${upstream}/v1`,
  ].join('\n');
  const gateway = await createGatewayApp({ config: parseGatewayConfig(yaml), logger: silentGatewayLogger });
  gateway.app.server.keepAliveTimeout = 60_000;
  const address = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`gateway at ${address}\n`);
  process.once('SIGTERM', () => gateway.app.close().then(() => process.exit(0)));
}

/** Starts this script in a role (pinned to `core`) and resolves at its `http://…` line. */
function startRole(role, extra = [], core = SERVER_CORE) {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const [file, args] = pinnedCommand(
      process.execPath,
      [...BENCH_NODE_FLAGS, script, '--role', role, ...extra],
      core,
    );
    const child = spawn(file, args, {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let output = '';
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /(http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        child.stderr.off('data', onData);
        child.stderr.on('data', (more) => process.stderr.write(more));
        resolve({
          url: match[1],
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        });
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`${role} exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/**
 * Sequential keep-alive samples, interleaved across targets; returns ms latencies per target (and,
 * in `overheads`, the gateway's overhead header per target that sends one), each sorted.
 */
async function sampleLatency(targets, samples, body, untilFirstByte = false) {
  const pools = targets.map((target) => new Pool(target.url, { connections: 1, pipelining: 1 }));
  const latencies = targets.map(() => []);
  const overheads = targets.map(() => []);
  const bodies = targets.map((target) => body(target));
  for (let round = -200; round < samples; round += 1) {
    for (let index = 0; index < targets.length; index += 1) {
      const started = performance.now();
      const response = await pools[index].request({
        method: 'POST',
        path: targets[index].path,
        headers: { 'content-type': 'application/json' },
        body: bodies[index],
      });
      let elapsed;
      if (untilFirstByte) {
        for await (const _chunk of response.body) {
          elapsed ??= performance.now() - started;
        }
      } else {
        await response.body.text();
        elapsed = performance.now() - started;
      }
      if (response.statusCode !== 200)
        throw new Error(`${targets[index].name} answered ${response.statusCode}`);
      if (round >= 0) {
        latencies[index].push(elapsed);
        const overhead = response.headers['x-millrace-gateway-overhead-ms'];
        if (overhead !== undefined) overheads[index].push(Number(overhead));
      }
    }
  }
  await Promise.all(pools.map((pool) => pool.close()));
  const sorted = (list) => list.sort((left, right) => left - right);
  return Object.assign(latencies.map(sorted), { overheads: overheads.map(sorted) });
}

/** N concurrent streams through one target; checks each got every chunk and measures the largest gap. */
async function holdStreams(pool, path, streams) {
  const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: streams }, async () => {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body,
      });
      let last = performance.now();
      let maximumGap = 0;
      let text = '';
      let first;
      for await (const chunk of response.body) {
        const now = performance.now();
        first ??= now;
        maximumGap = Math.max(maximumGap, now - last);
        last = now;
        text += chunk.toString();
      }
      const events = text.split('\n\n').filter((event) => event.startsWith('data: '));
      return {
        complete: events.length === STREAM_CHUNKS + 1 && events.at(-1) === 'data: [DONE]',
        maximumGap,
      };
    }),
  );
  const wall = performance.now() - started;
  const gaps = results.map((result) => result.maximumGap).sort((left, right) => left - right);
  return {
    complete: results.filter((result) => result.complete).length,
    p99Gap: percentile(gaps, 0.99),
    worstGap: gaps.at(-1),
    wall,
  };
}

async function drive() {
  const samples = Number(values.samples);
  const durationSeconds = Number(values.duration);
  const streams = Number(values.streams);
  pinProcess(process.pid, LOAD_GENERATOR_CORE);
  const upstream = await startRole('upstream', [], LOAD_GENERATOR_CORE);
  const proxy = await startRole('proxy', ['--upstream', upstream.url]);
  const gateway = await startRole('gateway', ['--upstream', upstream.url]);
  try {
    const targets = [
      { name: 'direct to mock', url: upstream.url, path: '/v1/chat/completions', pid: undefined },
      { name: 'bare node:http + undici proxy', url: proxy.url, path: '/v1/chat/completions', pid: proxy.pid },
      {
        name: 'millrace gateway (/v1/chat/completions)',
        url: gateway.url,
        path: '/v1/chat/completions',
        pid: gateway.pid,
      },
    ];
    const withModel = (target) =>
      target.url === upstream.url
        ? JSON.stringify({ model: UPSTREAM_MODEL, ...JSON.parse(CHAT_BODY) })
        : JSON.stringify({ model: 'chat', ...JSON.parse(CHAT_BODY) });

    const latency = await sampleLatency(targets, samples, withModel);
    const direct = latency[0];
    const ttft = await sampleLatency(
      targets,
      Math.max(100, Math.floor(samples / 10)),
      (target) => {
        const body = JSON.parse(withModel(target));
        return JSON.stringify({ ...body, stream: true, bench_chunks: 3, bench_interval_ms: 1 });
      },
      true,
    );

    const throughput = [];
    for (const target of targets) {
      const request = {
        url: `${target.url}${target.path}`,
        headers: { 'content-type': 'application/json' },
        body: withModel(target),
        connections: 32,
      };
      await load({ ...request, durationSeconds: 1, warmupSeconds: 0 });
      const cpuBefore = target.pid === undefined ? 0 : processTreeCpuSeconds(target.pid);
      const result = await load({ ...request, durationSeconds, warmupSeconds: 0 });
      const cpu = target.pid === undefined ? undefined : processTreeCpuSeconds(target.pid) - cpuBefore;
      throughput.push({
        ...result,
        cpuMicrosPerRequest: cpu === undefined ? undefined : (cpu * 1e6) / result.total,
      });
    }

    const rows = targets.map((target, index) => [
      target.name,
      format.ms(percentile(latency[index], 0.5)),
      format.ms(percentile(latency[index], 0.99)),
      index === 0 ? '—' : format.ms(percentile(latency[index], 0.5) - percentile(direct, 0.5)),
      index === 0 ? '—' : format.ms(percentile(latency[index], 0.99) - percentile(direct, 0.99)),
      latency.overheads[index].length === 0 ? '—' : format.ms(percentile(latency.overheads[index], 0.99)),
      format.ms(percentile(ttft[index], 0.5)),
      format.ms(percentile(ttft[index], 0.99)),
      format.rate(throughput[index].requestsPerSecond),
      format.ms(throughput[index].p99),
      throughput[index].cpuMicrosPerRequest === undefined
        ? '—'
        : Math.round(throughput[index].cpuMicrosPerRequest),
      throughput[index].failures,
    ]);
    printTable(
      `Gateway overhead on loopback: c=1 latency (${samples} interleaved samples each), streaming TTFT, ` +
        `autocannon c=32 for ${durationSeconds} s, ${describePinning()}`,
      [
        'path',
        'p50 ms',
        'p99 ms',
        'added p50',
        'added p99',
        'own overhead p99',
        'TTFT p50',
        'TTFT p99',
        'req/s c=32',
        'p99 ms c=32',
        'CPU µs/req c=32',
        'errors',
      ],
      rows,
    );

    const proxyAdded50 = percentile(latency[1], 0.5) - percentile(direct, 0.5);
    const gatewayAdded50 = percentile(latency[2], 0.5) - percentile(direct, 0.5);
    const gatewayAdded99 = percentile(latency[2], 0.99) - percentile(direct, 0.99);
    const proxyAdded99 = percentile(latency[1], 0.99) - percentile(direct, 0.99);
    const throughputShare = throughput[2].requestsPerSecond / throughput[1].requestsPerSecond;
    const check = (ok) => (ok ? 'met' : 'NOT met');
    printTable(
      'Targets',
      ['target', 'measured', 'result'],
      [
        [
          'added p50 <= 2x bare proxy added p50',
          `${format.ms(gatewayAdded50)} vs 2 x ${format.ms(proxyAdded50)}`,
          check(gatewayAdded50 <= 2 * proxyAdded50),
        ],
        [
          'added p99 <= 1 ms',
          `${format.ms(gatewayAdded99)} (bare proxy's: ${format.ms(proxyAdded99)}; ` +
            `gateway's own overhead p99: ${format.ms(percentile(latency.overheads[2], 0.99))})`,
          check(gatewayAdded99 <= 1),
        ],
        [
          'throughput >= 50 % of bare proxy',
          `${Math.round(throughputShare * 100)} %`,
          check(throughputShare >= 0.5),
        ],
      ],
    );

    // A first round opens the connections (client → server → upstream); the second is measured.
    const measureStreams = async (url) => {
      const pool = new Pool(url, { connections: streams, pipelining: 1 });
      await holdStreams(pool, '/v1/chat/completions', streams);
      const result = await holdStreams(pool, '/v1/chat/completions', streams);
      await pool.close();
      return result;
    };
    const heldByProxy = await measureStreams(proxy.url);
    const held = await measureStreams(gateway.url);
    printTable(
      `${streams} concurrent SSE streams (${STREAM_CHUNKS} chunks, one every ${STREAM_INTERVAL_MS} ms upstream)`,
      ['path', 'complete', 'p99 largest gap ms', 'worst gap ms', 'wall ms'],
      [
        [
          'bare proxy',
          `${heldByProxy.complete}/${streams}`,
          format.ms(heldByProxy.p99Gap),
          format.ms(heldByProxy.worstGap),
          format.ms(heldByProxy.wall),
        ],
        [
          'millrace gateway',
          `${held.complete}/${streams}`,
          format.ms(held.p99Gap),
          format.ms(held.worstGap),
          format.ms(held.wall),
        ],
      ],
    );
  } finally {
    await gateway.stop();
    await proxy.stop();
    await upstream.stop();
  }
}

if (values.role === 'upstream') runUpstream();
else if (values.role === 'proxy') runBareProxy(values.upstream);
else if (values.role === 'gateway') await runGateway(values.upstream);
else {
  rerunWithBenchFlags(import.meta.url);
  await drive();
}
