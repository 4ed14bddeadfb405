import { MillraceError } from '@millrace/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/http/http-client.js';
import { errorFromResponse } from '../src/http/error-from-response.js';
import { parseRetryAfter, retryDelayMs } from '../src/http/retry-policy.js';
import { toWireJson } from '../src/http/wire-json.js';
import {
  startScriptedServer,
  startSilentServer,
  unusedPort,
  type ScriptedServer,
} from './support/scripted-server.js';

const FAST_RETRIES = { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 3 };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function caught(promise: Promise<unknown>): Promise<MillraceError> {
  try {
    await promise;
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MillraceError');
}

describe('retries', () => {
  it('retries an idempotent call on 503 and 429, then succeeds', async () => {
    server = await startScriptedServer([
      { status: 503, body: '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"database is locked"}' },
      { status: 429, headers: { 'retry-after': '0' }, body: '' },
      { status: 200, body: '{"ok": true}' },
    ]);
    const http = createHttpClient({ baseUrl: server.url, retryPolicy: FAST_RETRIES, environment: {} });
    await expect(http.json({ method: 'GET', path: '/x', idempotent: true })).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
    await http.close();
  });

  it('does not retry a call that is not idempotent on 503', async () => {
    server = await startScriptedServer([
      { status: 503, body: '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"database is locked"}' },
    ]);
    const http = createHttpClient({ baseUrl: server.url, retryPolicy: FAST_RETRIES, environment: {} });
    const error = await caught(http.json({ method: 'POST', path: '/create', json: {}, idempotent: false }));
    expect(error.errorCode).toBe('TEMPORARILY_UNAVAILABLE');
    expect(error.httpStatus).toBe(503);
    expect(error.message).toBe('database is locked');
    expect(server.requests).toHaveLength(1);
    await http.close();
  });

  it('gives up after maxRetries and reports the last answer', async () => {
    server = await startScriptedServer([], () => ({ status: 503, body: 'busy' }));
    const http = createHttpClient({ baseUrl: server.url, retryPolicy: FAST_RETRIES, environment: {} });
    const error = await caught(http.json({ method: 'GET', path: '/x', idempotent: true }));
    expect(error.errorCode).toBe('TEMPORARILY_UNAVAILABLE');
    expect(server.requests).toHaveLength(FAST_RETRIES.maxRetries + 1);
    await http.close();
  });

  it('retries refused connections, bounded, then fails with TEMPORARILY_UNAVAILABLE', async () => {
    const port = await unusedPort();
    const http = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retryPolicy: FAST_RETRIES,
      environment: {},
    });
    const error = await caught(http.json({ method: 'POST', path: '/create', json: {}, idempotent: false }));
    expect(error.errorCode).toBe('TEMPORARILY_UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 3 retries');
    await http.close();
  });

  it('does not retry client errors', async () => {
    server = await startScriptedServer([
      { status: 400, body: '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad"}' },
    ]);
    const http = createHttpClient({ baseUrl: server.url, retryPolicy: FAST_RETRIES, environment: {} });
    const error = await caught(http.json({ method: 'GET', path: '/x', idempotent: true }));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(server.requests).toHaveLength(1);
    await http.close();
  });

  it('computes bounded backoff and honours Retry-After', () => {
    const policy = { maxRetries: 5, initialDelayMs: 100, backoffFactor: 2, maxDelayMs: 1000 };
    expect(retryDelayMs(policy, 1)).toBeGreaterThanOrEqual(80);
    expect(retryDelayMs(policy, 1)).toBeLessThanOrEqual(120);
    expect(retryDelayMs(policy, 3)).toBeGreaterThanOrEqual(320);
    expect(retryDelayMs(policy, 10)).toBe(1000);
    expect(retryDelayMs(policy, 1, 700)).toBe(700);
    expect(retryDelayMs(policy, 1, 60_000)).toBe(1000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('headers', () => {
  it('sends Bearer MLFLOW_TRACKING_TOKEN, a user agent and JSON content type', async () => {
    server = await startScriptedServer([]);
    const http = createHttpClient({
      baseUrl: server.url,
      environment: { MLFLOW_TRACKING_TOKEN: 'secret-token' },
    });
    await http.json({ method: 'POST', path: '/p', json: { a: 1 }, idempotent: true });
    const headers = server.requests[0]!.headers;
    expect(headers.authorization).toBe('Bearer secret-token');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^millrace-client\//);
    await http.close();
  });

  it('prefers Basic from MLFLOW_TRACKING_USERNAME and PASSWORD over the token', async () => {
    server = await startScriptedServer([]);
    const http = createHttpClient({
      baseUrl: server.url,
      environment: {
        MLFLOW_TRACKING_USERNAME: 'alice',
        MLFLOW_TRACKING_PASSWORD: 'pw',
        MLFLOW_TRACKING_TOKEN: 't',
      },
    });
    await http.json({ method: 'GET', path: '/p', idempotent: true });
    expect(server.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:pw').toString('base64')}`,
    );
    await http.close();
  });

  it('turns credentials in the URL into Basic auth and keeps a path prefix', async () => {
    server = await startScriptedServer([]);
    const http = createHttpClient({
      baseUrl: server.url.replace('http://', 'http://bob:s%3Acret@') + '/prefix',
      environment: {},
    });
    await http.json({
      method: 'GET',
      path: '/api/2.0/x',
      query: { ids: ['1', '2'], flag: true },
      idempotent: true,
    });
    const request = server.requests[0]!;
    expect(request.url).toBe('/prefix/api/2.0/x?ids=1&ids=2&flag=true');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('bob:s:cret').toString('base64')}`);
    await http.close();
  });
});

describe('wire JSON', () => {
  it('sends non-finite doubles as MLflow strings', () => {
    expect(
      toWireJson({
        values: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5],
        big: 2n ** 70n,
      }),
    ).toBe('{"values":["NaN","Infinity","-Infinity",1.5],"big":"1180591620717411303424"}');
  });
});

describe('errorFromResponse', () => {
  it('keeps the error_code and message of MLflow error JSON', () => {
    const error = errorFromResponse(
      404,
      '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Run with id=x not found"}',
      'GET /r',
    );
    expect([error.errorCode, error.message, error.httpStatus]).toEqual([
      'RESOURCE_DOES_NOT_EXIST',
      'Run with id=x not found',
      404,
    ]);
  });

  it('keeps a code outside the catalogue in the message', () => {
    const error = errorFromResponse(500, '{"error_code":"FEATURE_DISABLED","message":"off"}', 'GET /r');
    expect([error.errorCode, error.message]).toEqual(['INTERNAL_ERROR', 'FEATURE_DISABLED: off']);
  });

  it("reads the gateway's detail, also a relayed MLflow error", () => {
    const detail = errorFromResponse(404, '{"detail":"The endpoint \'x\' is not present"}', 'GET /e');
    expect([detail.errorCode, detail.message]).toEqual([
      'ENDPOINT_NOT_FOUND',
      "The endpoint 'x' is not present",
    ]);
    const relayed = errorFromResponse(
      400,
      '{"detail":{"error_code":"BAD_REQUEST","message":"bad input"}}',
      'POST /e',
    );
    expect([relayed.errorCode, relayed.message]).toEqual(['BAD_REQUEST', 'bad input']);
    const validation = errorFromResponse(
      422,
      '{"detail":[{"loc":["body","messages"],"msg":"Field required"}]}',
      'POST /e',
    );
    expect(validation.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(validation.httpStatus).toBe(422);
    expect(validation.message).toContain('Field required');
    const limited = errorFromResponse(429, '{"error":"Rate limit exceeded: 1 per 1 minute"}', 'POST /e');
    expect([limited.errorCode, limited.message]).toEqual([
      'RESOURCE_EXHAUSTED',
      'Rate limit exceeded: 1 per 1 minute',
    ]);
  });

  it('maps bodies that are not JSON by status, as MLflow does', () => {
    expect(errorFromResponse(404, '<html>nope</html>', 'GET /x').errorCode).toBe('ENDPOINT_NOT_FOUND');
    expect(errorFromResponse(401, 'no', 'GET /x').errorCode).toBe('UNAUTHENTICATED');
    expect(errorFromResponse(503, '', 'GET /x').message).toBe('GET /x failed with HTTP 503');
  });
});

describe('timeouts', () => {
  it('gives up on a server that does not answer in time, without retrying', async () => {
    const silent = await startSilentServer();
    try {
      const http = createHttpClient({
        baseUrl: silent.url,
        timeoutMs: 100,
        retryPolicy: FAST_RETRIES,
        environment: {},
      });
      const error = await caught(http.json({ method: 'GET', path: '/slow', idempotent: true }));
      expect(error.errorCode).toBe('DEADLINE_EXCEEDED');
      expect(error.httpStatus).toBe(504);
      expect(silent.requestCount()).toBe(1);
      await http.close();
    } finally {
      await silent.close();
    }
  });
});
