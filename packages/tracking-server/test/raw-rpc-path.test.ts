import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';
import { sendRaw } from './support/tracking-vectors.js';

// RPCs without path parameters are answered on node:http ahead of fastify (ADR 0011). The
// conformance suites hold their behaviour over real HTTP; these tests hold what is particular to
// that path: the body limit, the connection headers, and what it leaves to fastify.

const MAX_BODY_BYTES = 4096;
const JSON_HEADERS = { 'content-type': 'application/json' };
const LOG_METRIC = '/api/2.0/mlflow/runs/log-metric';

function chunkedPost(baseUrl: string, path: string, chunks: number) {
  return new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const outgoing = http.request(new URL(path, baseUrl), {
      method: 'POST',
      agent: false,
      headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
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
    outgoing.write('{"run_id": "r", "value": 1, "timestamp": 1, "key": "');
    const writeMore = (left: number) => {
      if (left === 0 || outgoing.destroyed) {
        if (left === 0) outgoing.end('"}');
        return;
      }
      outgoing.write('x'.repeat(1024), () => setTimeout(() => writeMore(left - 1), 1));
    };
    writeMore(chunks);
  });
}

describe('RPCs on the node:http path', () => {
  let server: RunningTrackingServer;
  let runId: string;
  const fastifySaw: string[] = [];

  beforeAll(async () => {
    const [sqlite] = trackingBackends();
    if (sqlite === undefined) throw new Error('No SQLite backend.');
    server = await startTrackingServer(sqlite, { maxBodyBytes: MAX_BODY_BYTES }, (app) =>
      app.addHook('onRequest', async (request) => {
        fastifySaw.push(`${request.method} ${request.url}`);
      }),
    );
    const created = await sendRaw(
      server.url,
      'POST',
      '/api/2.0/mlflow/runs/create',
      JSON_HEADERS,
      Buffer.from('{"experiment_id": "0"}'),
    );
    runId = (created.json as { run: { info: { run_id: string } } }).run.info.run_id;
  });

  afterAll(async () => {
    expect(server.loggedErrors).toEqual([]);
    await server.close();
  });

  it('answers exact RPC paths without fastify and everything else through it', async () => {
    fastifySaw.length = 0;
    const logged = await sendRaw(
      server.url,
      'POST',
      `${LOG_METRIC}?ignored=1`,
      JSON_HEADERS,
      Buffer.from(JSON.stringify({ run_id: runId, key: 'loss', value: 0.5, timestamp: 1, step: 0 })),
    );
    expect(logged.status).toBe(200);
    expect(logged.contentType).toBe('application/json');
    expect(logged.json).toEqual({});
    const fetched = await sendRaw(
      server.url,
      'GET',
      `/api/2.0/mlflow/runs/get?run_id=${runId}`,
      {},
      undefined,
    );
    expect(fetched.status).toBe(200);
    expect(fastifySaw).toEqual([]);

    // A trailing slash, HEAD and a path parameter route are fastify's, and answer as before.
    const slash = await sendRaw(server.url, 'POST', `${LOG_METRIC}/`, JSON_HEADERS, Buffer.from('{}'));
    expect(slash.status).toBe(404);
    expect(slash.json).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
    const health = await sendRaw(server.url, 'GET', '/health', {}, undefined);
    expect(health.status).toBe(200);
    expect(fastifySaw).toEqual([`POST ${LOG_METRIC}/`, 'GET /health']);
  });

  it('keeps connections alive as fastify does (72 s)', async () => {
    const answer = await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=0`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('keep-alive')).toBe('timeout=72');
    await answer.arrayBuffer();
  });

  it('refuses a body whose Content-Length is over the limit with 413 JSON and closes the connection', async () => {
    const answer = await sendRaw(
      server.url,
      'POST',
      LOG_METRIC,
      JSON_HEADERS,
      Buffer.from(JSON.stringify({ run_id: runId, key: 'x'.repeat(MAX_BODY_BYTES) })),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(answer.json).toEqual({
      error_code: 'BAD_REQUEST',
      message: `The request body is larger than the limit of ${MAX_BODY_BYTES} bytes.`,
    });
  });

  it('refuses a chunked body that grows past the limit with 413 JSON, and serves the next request', async () => {
    const answer = await chunkedPost(server.url, LOG_METRIC, 8);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual({
      error_code: 'BAD_REQUEST',
      message: `The request body is larger than the limit of ${MAX_BODY_BYTES} bytes.`,
    });
    const history = await sendRaw(
      server.url,
      'GET',
      `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss`,
      {},
      undefined,
    );
    expect(history.status).toBe(200);
  });

  it('reads a chunked body under the limit', async () => {
    const answer = await chunkedPost(server.url, LOG_METRIC, 1);
    // The key is 1024 x's, over MLflow's 250: the body was read and decoded whole.
    expect(answer.status).toBe(400);
    const error = JSON.parse(answer.body) as { error_code: string; message: string };
    expect(error.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toBe("'Metric name' exceeds the maximum length of 250 characters");
  });

  it('answers decoding and validation errors as the fastify route does', async () => {
    const cases: Array<{ method: string; path: string; headers: Record<string, string>; body?: string }> = [
      { method: 'POST', path: LOG_METRIC, headers: {}, body: '{}' },
      { method: 'POST', path: LOG_METRIC, headers: { 'content-type': 'text/plain' }, body: '{}' },
      { method: 'POST', path: LOG_METRIC, headers: JSON_HEADERS, body: '{"run_id": ' },
      { method: 'POST', path: LOG_METRIC, headers: JSON_HEADERS, body: '[1, 2]' },
      { method: 'POST', path: LOG_METRIC, headers: JSON_HEADERS, body: '{"run_id": 5, "key": []}' },
      { method: 'POST', path: LOG_METRIC, headers: JSON_HEADERS },
      { method: 'GET', path: '/api/2.0/mlflow/runs/get', headers: {} },
      { method: 'GET', path: '/api/2.0/mlflow/runs/get?run_id=nope', headers: {} },
      { method: 'GET', path: '/api/2.0/mlflow/runs/get', headers: JSON_HEADERS, body: '{"run_id": "nope"}' },
      { method: 'PATCH', path: '/api/2.0/mlflow/runs/get', headers: {} },
    ];
    for (const { method, path, headers, body } of cases) {
      const raw = await sendRaw(
        server.url,
        method,
        path,
        headers,
        body === undefined ? undefined : Buffer.from(body),
      );
      const injected = await server.app.inject({
        method: method as 'GET',
        url: path,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      expect({ case: `${method} ${path} ${body ?? ''}`, status: raw.status, body: raw.json }).toEqual({
        case: `${method} ${path} ${body ?? ''}`,
        status: injected.statusCode,
        body: injected.json(),
      });
      expect(raw.status).toBeGreaterThanOrEqual(400);
      expect(raw.status).toBeLessThan(500);
    }
  });
});
