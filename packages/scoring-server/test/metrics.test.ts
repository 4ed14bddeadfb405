import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringApp } from '../src/index.js';
import { postJson, sendRequest } from './support/http-client.js';
import {
  createRecordingLogger,
  saveAndLoadFixture,
  type ServedModel,
  serveFixture,
} from './support/served-model.js';

describe('GET /metrics', () => {
  let served: ServedModel;
  beforeAll(async () => {
    served = await serveFixture({ code: 'probe-model.ts', signature: null });
  });
  afterAll(async () => served.close());

  it('exposes requests by route and status, latency, in-flight requests and model errors', async () => {
    await postJson(served.baseUrl, { inputs: { op: 'echo', value: 1 } });
    await postJson(served.baseUrl, { inputs: { op: 'echo', value: 2 } });
    await postJson(served.baseUrl, { inputs: { op: 'throw' } });
    await postJson(served.baseUrl, { inputs: 1, extra: true });
    await sendRequest(served.baseUrl, { method: 'GET', path: '/nowhere' });
    await sendRequest(served.baseUrl, { method: 'GET', path: '/ping' });

    const response = await sendRequest(served.baseUrl, { method: 'GET', path: '/metrics' });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toMatch(/^millrace_scoring_requests_total\{route="\/invocations",status="200"\} 2$/m);
    expect(text).toMatch(/^millrace_scoring_requests_total\{route="\/invocations",status="500"\} 1$/m);
    expect(text).toMatch(/^millrace_scoring_requests_total\{route="\/invocations",status="400"\} 1$/m);
    expect(text).toMatch(/^millrace_scoring_requests_total\{route="unmatched",status="404"\} 1$/m);
    expect(text).toMatch(/^millrace_scoring_requests_total\{route="\/ping",status="200"\} 1$/m);
    expect(text).toMatch(/^millrace_scoring_request_duration_seconds_count\{route="\/invocations"\} 4$/m);
    expect(text).toMatch(
      /^millrace_scoring_request_duration_seconds_bucket\{le="\+Inf",route="\/invocations"\} 4$/m,
    );
    // The /metrics request itself is in flight while it renders.
    expect(text).toMatch(/^millrace_scoring_requests_in_flight 1$/m);
    expect(text).toMatch(/^millrace_scoring_model_errors_total\{error_code="INTERNAL_ERROR"\} 1$/m);
    expect(text).toMatch(/^millrace_scoring_timeouts_total 0$/m);
  });
});

describe('metrics options', () => {
  it('uses a registry of its own per app, or the one given, and can be switched off', async () => {
    const { model } = await saveAndLoadFixture({ code: 'probe-model.ts', signature: null });
    const logger = createRecordingLogger();
    const first = createScoringApp({ model, version: 'x', logger });
    const second = createScoringApp({ model, version: 'x', logger });
    const shared = new Registry();
    const third = createScoringApp({ model, version: 'x', logger, metrics: shared });
    const none = createScoringApp({ model, version: 'x', logger, metrics: false });
    try {
      await first.inject({ method: 'GET', url: '/ping' });
      const firstMetrics = await first.inject({ method: 'GET', url: '/metrics' });
      const secondMetrics = await second.inject({ method: 'GET', url: '/metrics' });
      expect(firstMetrics.body).toMatch(/route="\/ping",status="200"\} 1$/m);
      expect(secondMetrics.body).not.toContain('route="/ping"');
      await third.inject({ method: 'GET', url: '/health' });
      expect(await shared.metrics()).toMatch(/route="\/health",status="200"\} 1$/m);
      const noMetrics = await none.inject({ method: 'GET', url: '/metrics' });
      expect(noMetrics.statusCode).toBe(404);
    } finally {
      await Promise.all([first.close(), second.close(), third.close(), none.close()]);
    }
  });

  it('answers through app.inject as the CLI uses it', async () => {
    const { model } = await saveAndLoadFixture({ code: 'probe-model.ts', signature: null });
    const app = createScoringApp({ model, version: 'x', logger: createRecordingLogger() });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/invocations',
        headers: { 'content-type': 'application/json' },
        payload: Buffer.from('{"inputs": {"op": "echo", "value": [1, NaN]}}'),
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('{"predictions": [1,null]}');
    } finally {
      await app.close();
    }
  });
});
