import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import type { LoadedModel } from '@millrace/models';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createScoringApp, type ScoringAppOptions } from '../src/index.js';
import { type CountingFlavor, createCountingFlavor, loadCountingModel } from './fixtures/counting-flavor.js';
import { type HttpExchange, postJson } from './support/http-client.js';
import { createRecordingLogger } from './support/served-model.js';

interface BatchingServer {
  baseUrl: string;
  registry: Registry;
  /** The current value of a gauge or counter (without labels). */
  metric(name: string): Promise<number>;
  /** The `_count` and `_sum` of a histogram. */
  histogram(name: string): Promise<{ count: number; sum: number }>;
}

const openApps: FastifyInstance[] = [];
const modelPaths: string[] = [];

afterEach(async () => {
  await Promise.all(openApps.splice(0).map((app) => app.close()));
});
afterAll(async () => {
  await Promise.all(modelPaths.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function loadCounting(counting: CountingFlavor): Promise<LoadedModel> {
  const model = await loadCountingModel(counting);
  modelPaths.push(model.path);
  return model;
}

async function serve(
  model: LoadedModel,
  options: Omit<ScoringAppOptions, 'model' | 'version' | 'logger' | 'metrics'> = {},
): Promise<BatchingServer> {
  const registry = new Registry();
  const app = createScoringApp({
    version: 'test',
    logger: createRecordingLogger(),
    metrics: registry,
    ...options,
    model,
  });
  openApps.push(app);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const valuesOf = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return {
    baseUrl,
    registry,
    async metric(name) {
      return (await valuesOf(name))[0]?.value ?? Number.NaN;
    },
    async histogram(name) {
      const values = await valuesOf(name);
      const find = (suffix: string) =>
        values.find((value) => 'metricName' in value && value.metricName === `${name}${suffix}`)?.value ??
        Number.NaN;
      return { count: find('_count'), sum: find('_sum') };
    },
  };
}

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMilliseconds = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function score(server: BatchingServer, x: unknown, params?: Record<string, unknown>): Promise<HttpExchange> {
  return postJson(server.baseUrl, {
    dataframe_records: [{ x }],
    ...(params === undefined ? {} : { params }),
  });
}

/** Sends a request whose answer nobody reads; destroying it is a client that went away. */
function sendAndLeaveOpen(server: BatchingServer, x: number): http.ClientRequest {
  const payload = JSON.stringify({ dataframe_records: [{ x }] });
  const outgoing = http.request(new URL('/invocations', server.baseUrl), {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
  });
  outgoing.on('error', () => undefined);
  outgoing.end(payload);
  return outgoing;
}

function predictionsOf(response: HttpExchange): unknown {
  expect(response.status, response.body).toBe(200);
  return (JSON.parse(response.body) as { predictions: unknown }).predictions;
}

describe('adaptive batching over HTTP, with a flavor that counts its calls', () => {
  it('answers concurrent requests with fewer model calls, each as the unbatched server does', async () => {
    const counting = createCountingFlavor();
    const model = await loadCounting(counting);
    const batched = await serve(model, { batching: { maxDelayMs: 200 } });
    const unbatched = await serve(model, { batching: { enabled: false } });

    const values = Array.from({ length: 24 }, (_, index) => index + 0.5);
    const answers = await Promise.all(values.map((x) => score(batched, x)));
    const batchCalls = counting.callsOf('predictBatch');
    expect(counting.callsOf('predict')).toEqual([]);
    expect(batchCalls.length).toBeGreaterThanOrEqual(1);
    expect(batchCalls.length).toBeLessThan(values.length / 2);
    expect(
      batchCalls
        .flatMap((call) => call.inputs)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(values);

    const references = await Promise.all(values.map((x) => score(unbatched, x)));
    expect(counting.callsOf('predict')).toHaveLength(values.length);
    answers.forEach((answer, index) => {
      expect(answer.body).toBe(references[index]?.body);
      expect(predictionsOf(answer)).toEqual([values[index]]);
    });

    expect(await batched.histogram('millrace_scoring_batch_size')).toEqual({
      count: batchCalls.length,
      sum: values.length,
    });
    expect((await batched.histogram('millrace_scoring_batch_queue_wait_seconds')).count).toBe(values.length);
    expect(await batched.metric('millrace_scoring_batch_queue_length')).toBe(0);
    // The server that does not batch has no batching metrics.
    expect(await unbatched.registry.getSingleMetric('millrace_scoring_batch_size')).toBeUndefined();
  });

  it('never sends more than maxBatchSize requests to the model at once, one batch at a time', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), {
      batching: { maxBatchSize: 4, maxDelayMs: 0 },
    });
    counting.hold();
    const first = score(server, 100);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    const rest = Array.from({ length: 10 }, (_, index) => score(server, index));
    // The model is busy, so the others wait in the queue; none goes to the model meanwhile.
    await waitUntil(async () => (await server.metric('millrace_scoring_batch_queue_length')) === 10);
    expect(counting.callsOf('predictBatch')).toHaveLength(1);
    counting.release();

    expect(predictionsOf(await first)).toEqual([100]);
    const answers = await Promise.all(rest);
    answers.forEach((answer, index) => expect(predictionsOf(answer)).toEqual([index]));
    const sizes = counting.callsOf('predictBatch').map((call) => call.inputs.length);
    expect(sizes).toEqual([1, 4, 4, 2]);
    // The queue was served oldest first.
    expect(counting.callsOf('predictBatch')[1]?.inputs).toEqual([[0], [1], [2], [3]]);
    expect(await server.histogram('millrace_scoring_batch_size')).toEqual({ count: 4, sum: 11 });
  });

  it('sends a full batch at once, without waiting for the delay', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), {
      batching: { maxBatchSize: 3, maxDelayMs: 60_000 },
    });
    const started = performance.now();
    const answers = await Promise.all([1, 2, 3].map((x) => score(server, x)));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(answers.map(predictionsOf)).toEqual([[1], [2], [3]]);
    expect(counting.callsOf('predictBatch').map((call) => call.inputs.length)).toEqual([3]);
  });

  it('writes the answers of a batch before the next batch starts, even when the model blocks', async () => {
    const timeline: string[] = [];
    const counting = createCountingFlavor({
      blockMilliseconds: 30,
      onBatch: (size) => timeline.push(`batch of ${size}`),
    });
    const model = await loadCounting(counting);
    const registry = new Registry();
    const app = createScoringApp({
      model,
      version: 'test',
      logger: createRecordingLogger(),
      metrics: registry,
      batching: { maxBatchSize: 2, maxDelayMs: 1000 },
    });
    // 'prefinish' is emitted when the answer has been handed to the socket.
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (request.url === '/invocations') response.once('prefinish', () => timeline.push('answer'));
    });
    openApps.push(app);
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const post = (x: number) => postJson(baseUrl, { dataframe_records: [{ x }] });
    const queueLength = async () =>
      (await registry.getSingleMetric('millrace_scoring_batch_queue_length')?.get())?.values[0]?.value;

    counting.hold();
    const first = [post(1), post(2)];
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    const second = [post(3), post(4)];
    await waitUntil(async () => (await queueLength()) === 2);
    counting.release();
    const answers = await Promise.all([...first, ...second]);
    expect(answers.map(predictionsOf)).toEqual([[1], [2], [3], [4]]);
    expect(timeline).toEqual(['batch of 2', 'answer', 'answer', 'batch of 2', 'answer', 'answer']);
  });

  it('groups the requests of a batch by params: one model call per distinct params', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), { batching: { maxDelayMs: 0 } });
    counting.hold();
    const first = score(server, 1);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    const requests: Array<[number, Record<string, unknown> | undefined]> = [
      [1, { scale: 2 }],
      [2, undefined],
      [3, { scale: 3 }],
      [4, { scale: 2 }],
      [5, { scale: 1 }],
    ];
    const pending = requests.map(([x, params]) => score(server, x, params));
    await waitUntil(async () => (await server.metric('millrace_scoring_batch_queue_length')) === 5);
    counting.release();
    await first;
    const answers = await Promise.all(pending);
    expect(answers.map(predictionsOf)).toEqual([[2], [2], [9], [8], [5]]);
    const groupCalls = counting.callsOf('predictBatch').slice(1);
    expect(groupCalls.map((call) => [call.params, call.inputs])).toEqual([
      [{ scale: 2 }, [[1], [4]]],
      [{ scale: 1 }, [[2], [5]]],
      [{ scale: 3 }, [[3]]],
    ]);
    expect(await server.histogram('millrace_scoring_batch_size')).toEqual({ count: 2, sum: 6 });
  });

  it('fails only the bad requests of a batch: the model error and the enforcement error', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), { batching: { maxDelayMs: 0 } });
    counting.hold();
    const first = score(server, 1);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    const pending = [score(server, 2), score(server, -1), score(server, 'abc'), score(server, 4)];
    await waitUntil(async () => (await server.metric('millrace_scoring_batch_queue_length')) === 4);
    counting.release();
    await first;
    const [good, failing, invalid, alsoGood] = await Promise.all(pending);

    expect(predictionsOf(good as HttpExchange)).toEqual([2]);
    expect(predictionsOf(alsoGood as HttpExchange)).toEqual([4]);
    expect(failing?.status).toBe(500);
    expect(JSON.parse(failing?.body ?? '')).toEqual({
      error_code: 'INTERNAL_ERROR',
      message: 'Model raised an error: cannot score -1',
    });
    expect(invalid?.status).toBe(400);
    expect(JSON.parse(invalid?.body ?? '').message).toMatch(/x/);
    // The batch of three valid inputs failed as a whole, then each was retried alone.
    expect(counting.calls.slice(1).map((call) => [call.method, call.inputs])).toEqual([
      ['predictBatch', [[2], [-1], [4]]],
      ['predict', [[2]]],
      ['predict', [[-1]]],
      ['predict', [[4]]],
    ]);
  });

  it('times out a queued request: 504, out of the queue, never sent to the model', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), {
      timeoutSeconds: 0.3,
      batching: { maxDelayMs: 0 },
    });
    counting.hold();
    const first = score(server, 1);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    const queued = await score(server, 2);
    expect(queued.status).toBe(504);
    expect(JSON.parse(queued.body).error_code).toBe('DEADLINE_EXCEEDED');
    expect((await first).status).toBe(504);
    expect(await server.metric('millrace_scoring_batch_queue_length')).toBe(0);
    // Only the request that reached the model is abandoned work; the queued one left no work behind.
    expect(await server.metric('millrace_scoring_abandoned_predictions')).toBe(1);
    counting.release();
    await waitUntil(async () => (await server.metric('millrace_scoring_abandoned_predictions')) === 0);

    expect(predictionsOf(await score(server, 3))).toEqual([3]);
    expect(counting.callsOf('predictBatch').map((call) => call.inputs)).toEqual([[[1]], [[3]]]);
  });

  it('drops a queued request whose client went away', async () => {
    const counting = createCountingFlavor();
    const server = await serve(await loadCounting(counting), { batching: { maxDelayMs: 0 } });
    counting.hold();
    const first = score(server, 1);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);

    const outgoing = sendAndLeaveOpen(server, 2);
    await waitUntil(async () => (await server.metric('millrace_scoring_batch_queue_length')) === 1);
    outgoing.destroy();
    await waitUntil(async () => (await server.metric('millrace_scoring_batch_queue_length')) === 0);

    counting.release();
    expect(predictionsOf(await first)).toEqual([1]);
    expect(counting.callsOf('predictBatch').map((call) => call.inputs)).toEqual([[[1]]]);
  });

  it('aborts the signal of a running batch only once all its requests are gone', async () => {
    const counting = createCountingFlavor();
    const model = await loadCounting(counting);
    const signals: AbortSignal[] = [];
    const predictBatch = model.predictBatch?.bind(model);
    const watched: LoadedModel = {
      ...model,
      predict: model.predict.bind(model),
      predictBatch: (requests, options) => {
        if (options?.signal !== undefined) signals.push(options.signal);
        return predictBatch!(requests, options);
      },
    };
    const server = await serve(watched, { timeoutSeconds: 1, batching: { maxDelayMs: 50 } });
    counting.hold();
    const leaving = sendAndLeaveOpen(server, 1);
    const staying = score(server, 2);
    await waitUntil(() => counting.callsOf('predictBatch').length === 1);
    expect(counting.callsOf('predictBatch')[0]?.inputs).toHaveLength(2);
    leaving.destroy();
    await waitUntil(async () => (await server.metric('millrace_scoring_abandoned_predictions')) === 1);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
    expect((await staying).status).toBe(504);
    expect(signals[0]?.aborted).toBe(true);
    counting.release();
  });

  it('does not batch when switched off, nor streams', async () => {
    const counting = createCountingFlavor();
    const model = await loadCounting(counting);
    const off = await serve(model, { batching: { enabled: false } });
    const answers = await Promise.all([1, 2, 3].map((x) => score(off, x)));
    expect(answers.map(predictionsOf)).toEqual([[1], [2], [3]]);
    expect(counting.calls.map((call) => call.method)).toEqual(['predict', 'predict', 'predict']);

    const on = await serve(model);
    const stream = await postJson(on.baseUrl, { dataframe_records: [{ x: 7 }], stream: true });
    expect(stream.status).toBe(200);
    expect(stream.body).toBe('data: 7\n\ndata: [DONE]\n\n');
    expect(counting.calls.map((call) => call.method).slice(3)).toEqual(['predictStream']);
  });

  it('does not batch a model without predictBatch, whatever the options', async () => {
    const counting = createCountingFlavor({ batching: false });
    const server = await serve(await loadCounting(counting), { batching: { enabled: true, maxDelayMs: 50 } });
    const answers = await Promise.all([1, 2].map((x) => score(server, x)));
    expect(answers.map(predictionsOf)).toEqual([[1], [2]]);
    expect(counting.calls.map((call) => call.method)).toEqual(['predict', 'predict']);
    expect(server.registry.getSingleMetric('millrace_scoring_batch_size')).toBeUndefined();
  });

  it('refuses invalid batching settings', async () => {
    const model = await loadCounting(createCountingFlavor());
    const create = (batching: ScoringAppOptions['batching']) => () =>
      createScoringApp({ model, version: 'x', logger: createRecordingLogger(), batching });
    expect(create({ maxBatchSize: 0 })).toThrow(/batching.maxBatchSize must be a whole number of at least 1/);
    expect(create({ maxBatchSize: 2.5 })).toThrow(/batching.maxBatchSize/);
    expect(create({ maxDelayMs: -1 })).toThrow(/batching.maxDelayMs must be a number of at least 0/);
    expect(create({ maxConcurrentBatches: 0 })).toThrow(/batching.maxConcurrentBatches/);
    expect(create({ enabled: false, maxDelayMs: Number.NaN })).toThrow(/batching.maxDelayMs/);
  });
});
