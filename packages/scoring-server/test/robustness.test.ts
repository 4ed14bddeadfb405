import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpExchange, mediaType, postJson, sendRequest } from './support/http-client.js';
import { type ServedModel, serveFixture } from './support/served-model.js';

const PROBE = { code: 'probe-model.ts', signature: null };

function errorOf(response: HttpExchange): { error_code: string; message: string } {
  expect(mediaType(response.contentType)).toBe('application/json');
  const body = JSON.parse(response.body) as { error_code: string; message: string };
  expect(Object.keys(body)).toEqual(['error_code', 'message']);
  expect(body.message).not.toMatch(/\n\s+at /);
  return body;
}

function probe(served: ServedModel, inputs: Record<string, unknown>): Promise<HttpExchange> {
  return postJson(served.baseUrl, { inputs });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMilliseconds = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends a request and destroys the connection once `ready` says the server is working on it. */
async function sendAndDisconnect(
  baseUrl: string,
  body: unknown,
  ready: () => Promise<boolean>,
): Promise<void> {
  const payload = JSON.stringify(body);
  const outgoing = http.request(new URL('/invocations', baseUrl), {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
  });
  const closed = new Promise<void>((resolve) => outgoing.on('close', () => resolve()));
  outgoing.on('error', () => undefined);
  outgoing.end(payload);
  await waitUntil(ready);
  outgoing.destroy();
  await closed;
}

/** The ids the probe model lists for `op` (`started` or `aborted`). */
async function probeIds(served: ServedModel, op: 'started' | 'aborted'): Promise<string[]> {
  const response = await probe(served, { op });
  return (JSON.parse(response.body) as { predictions: string[] }).predictions;
}

describe('malformed and refused requests', () => {
  let served: ServedModel;
  beforeAll(async () => {
    served = await serveFixture(PROBE, { maxBodyBytes: 4096 });
  });
  afterAll(async () => served.close());

  it('answers malformed JSON with 400 BAD_REQUEST without echoing the body', async () => {
    for (const body of ['{"inputs": {"op": "echo", "value": "top-secret"', 'top-secret', '']) {
      const response = await sendRequest(served.baseUrl, {
        method: 'POST',
        path: '/invocations',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      const error = errorOf(response);
      expect(error.error_code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(
        /^Invalid input\. Ensure that input is a valid JSON formatted string\. Error: /,
      );
      expect(error.message).not.toContain('secret');
    }
  });

  it('answers a missing Content-Type with 415 JSON instead of crashing', async () => {
    const response = await sendRequest(served.baseUrl, {
      method: 'POST',
      path: '/invocations',
      body: '{"inputs": {"op": "echo"}}',
    });
    expect(response.status).toBe(415);
    expect(errorOf(response).error_code).toBe('BAD_REQUEST');
    const empty = await sendRequest(served.baseUrl, { method: 'POST', path: '/invocations' });
    expect(empty.status).toBe(415);
  });

  it('answers a Content-Type the HTTP layer cannot even parse with 415 JSON', async () => {
    const response = await sendRequest(served.baseUrl, {
      method: 'POST',
      path: '/invocations',
      headers: { 'content-type': 'application/json; charset' },
      body: '{"inputs": {"op": "echo"}}',
    });
    expect(response.status).toBe(415);
    expect(errorOf(response).error_code).toBe('BAD_REQUEST');
  });

  it('answers a body above maxBodyBytes with 413 JSON, and keeps serving', async () => {
    const response = await postJson(served.baseUrl, { inputs: { op: 'echo', value: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    const error = errorOf(response);
    expect(error.error_code).toBe('BAD_REQUEST');
    expect(error.message).toBe('The request body is larger than the limit of 4096 bytes.');
    const ping = await sendRequest(served.baseUrl, { method: 'GET', path: '/ping' });
    expect(ping.status).toBe(200);
  });

  it('answers a chunked body that grows past maxBodyBytes with 413 JSON and closes that connection', async () => {
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        const outgoing = http.request(new URL('/invocations', served.baseUrl), {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        });
        outgoing.on('error', reject);
        outgoing.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
          );
        });
        // No Content-Length: the limit can only be found while reading; keep sending past it.
        outgoing.write('{"inputs": {"op": "echo", "value": "');
        const writeMore = (left: number) => {
          if (left === 0 || outgoing.destroyed) return;
          outgoing.write('x'.repeat(1024), () => setTimeout(() => writeMore(left - 1), 1));
        };
        writeMore(8);
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      error_code: 'BAD_REQUEST',
      message: 'The request body is larger than the limit of 4096 bytes.',
    });
    const next = await probe(served, { op: 'echo', value: 'after' });
    expect(next.status).toBe(200);
  });

  it('answers wrongly shaped bodies with 400 BAD_REQUEST', async () => {
    for (const body of [
      [1, 2],
      'text',
      { inputs: 1, extra: 2 },
      { dataframe_split: [[1]] },
      { dataframe_records: {} },
    ]) {
      const response = await postJson(served.baseUrl, body);
      expect(response.status).toBe(400);
      expect(errorOf(response).error_code).toBe('BAD_REQUEST');
    }
  });
});

describe('model failures', () => {
  let served: ServedModel;
  beforeAll(async () => {
    served = await serveFixture(PROBE);
  });
  afterAll(async () => served.close());

  it('answers an error raised by the model with 500 INTERNAL_ERROR and its message, logging the stack', async () => {
    const response = await probe(served, { op: 'throw', message: 'the model broke' });
    expect(response.status).toBe(500);
    expect(errorOf(response)).toEqual({
      error_code: 'INTERNAL_ERROR',
      message: 'Model raised an error: the model broke',
    });
    expect(
      served.logger.errors.some((entry) => entry.includes('the model broke') && /\n\s+at /.test(entry)),
    ).toBe(true);
  });

  it('keeps the code and status of an MLflow-coded error raised by the model', async () => {
    const response = await probe(served, { op: 'throw-coded', message: 'no tokens left' });
    expect(response.status).toBe(429);
    expect(errorOf(response)).toEqual({ error_code: 'RESOURCE_EXHAUSTED', message: 'no tokens left' });
  });

  it('serialises odd outputs as valid JSON', async () => {
    const output = async (kind: string) => {
      const response = await probe(served, { op: 'output', kind });
      expect(response.status).toBe(200);
      expect(mediaType(response.contentType)).toBe('application/json');
      return (JSON.parse(response.body) as { predictions: unknown }).predictions;
    };
    expect(await output('non-finite')).toEqual({ nan: null, inf: null, negative: null });
    expect(await output('binary')).toEqual({ buffer: 'aGVsbG8=', bytes: 'AQID', floats: [0.5] });
    expect(await output('date')).toEqual({ when: '2024-01-02T03:04:05.000Z' });
    expect(await output('bigint')).toEqual({ small: 7, large: (2n ** 70n).toString() });
    expect(await output('map')).toEqual({ a: 1 });
    expect(await output('undefined')).toBeNull();
  });

  it('answers an output that cannot be serialised with 500 INTERNAL_ERROR', async () => {
    const response = await probe(served, { op: 'output', kind: 'cycle' });
    expect(response.status).toBe(500);
    const error = errorOf(response);
    expect(error.error_code).toBe('INTERNAL_ERROR');
    expect(error.message).toMatch(/^The model output could not be serialised as JSON: .*circular/);
  });
});

describe('timeouts and abandoned predictions', () => {
  let served: ServedModel;
  beforeAll(async () => {
    served = await serveFixture(PROBE, { timeoutSeconds: 0.3, maxAbandonedPredictions: 1 });
  });
  afterAll(async () => served.close());

  it('answers 504, then 503 once more predictions than the bound are abandoned, keeps answering /ping, and recovers', async () => {
    const started = Date.now();
    const [first, second] = await Promise.all([
      probe(served, { op: 'hang', seconds: 2.5 }),
      probe(served, { op: 'hang', seconds: 2.5 }),
    ]);
    for (const response of [first, second]) {
      expect(response.status).toBe(504);
      const error = errorOf(response);
      expect(error.error_code).toBe('DEADLINE_EXCEEDED');
      expect(error.message).toMatch(/^Request processing time exceeded limit/);
    }
    // Answered at the timeout, long before the model's 2.5 s are over.
    expect(Date.now() - started).toBeLessThan(2000);

    const refused = await probe(served, { op: 'echo', value: 1 });
    expect(refused.status).toBe(503);
    expect(errorOf(refused).error_code).toBe('TEMPORARILY_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(2400);

    const ping = await sendRequest(served.baseUrl, { method: 'GET', path: '/ping' });
    expect(ping.status).toBe(200);

    await waitUntil(async () => (await probe(served, { op: 'echo', value: 'back' })).status === 200);
    const metrics = await sendRequest(served.baseUrl, { method: 'GET', path: '/metrics' });
    expect(metrics.body).toMatch(/^millrace_scoring_timeouts_total 2$/m);
    expect(metrics.body).toMatch(/^millrace_scoring_abandoned_predictions 0$/m);
    const refusals = /^millrace_scoring_requests_total\{route="\/invocations",status="503"\} (\d+)$/m.exec(
      metrics.body,
    );
    expect(Number(refusals?.[1])).toBeGreaterThanOrEqual(1);
  });
});

describe('client disconnects', () => {
  let served: ServedModel;
  beforeAll(async () => {
    served = await serveFixture(PROBE);
  });
  afterAll(async () => served.close());

  it('aborts the signal of a prediction whose client went away', async () => {
    await sendAndDisconnect(served.baseUrl, { inputs: { op: 'wait-for-abort', id: 'gone-1' } }, async () =>
      (await probeIds(served, 'started')).includes('gone-1'),
    );
    await waitUntil(async () => (await probeIds(served, 'aborted')).includes('gone-1'));
    const metrics = await sendRequest(served.baseUrl, { method: 'GET', path: '/metrics' });
    expect(metrics.body).toMatch(
      /^millrace_scoring_requests_total\{route="\/invocations",status="499"\} 1$/m,
    );
  });

  it('aborts the signal of a stream whose client went away', async () => {
    await sendAndDisconnect(
      served.baseUrl,
      { inputs: { op: 'stream-stall', id: 'stream-gone' }, stream: true },
      async () => (await probeIds(served, 'started')).includes('stream-gone'),
    );
    await waitUntil(async () => (await probeIds(served, 'aborted')).includes('stream-gone'));
  });
});
