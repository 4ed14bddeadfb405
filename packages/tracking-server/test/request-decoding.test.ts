import type { AddressInfo } from 'node:net';
import { createDatabase, createTrackingStore, migrateToLatest, type StoreDatabase } from '@millrace/store';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  booleanField,
  createTrackingApp,
  defineRpc,
  registerRpcs,
  RouteTable,
  stringField,
  stringListField,
  type RpcContext,
} from '../src/index.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';
import { sendRaw, type ReplayResponse } from './support/tracking-vectors.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

function post(
  server: RunningTrackingServer,
  path: string,
  body: string,
  headers: Record<string, string> = JSON_HEADERS,
) {
  return sendRaw(server.url, 'POST', path, headers, Buffer.from(body));
}

function get(server: RunningTrackingServer, path: string) {
  return sendRaw(server.url, 'GET', path, {}, undefined);
}

function errorOf(response: ReplayResponse): { error_code: string; message: string } {
  expect(response.contentType).toBe('application/json');
  return response.json as { error_code: string; message: string };
}

describe('tracking server HTTP conventions', () => {
  let server: RunningTrackingServer;
  let runId: string;

  beforeAll(async () => {
    const [sqlite] = trackingBackends();
    if (sqlite === undefined) throw new Error('No SQLite backend.');
    server = await startTrackingServer(sqlite);
    const created = await post(
      server,
      '/api/2.0/mlflow/runs/create',
      '{"experiment_id": "0", "run_name": "http"}',
    );
    runId = (created.json as { run: { info: { run_id: string } } }).run.info.run_id;
  });

  afterAll(async () => {
    expect(server.loggedErrors).toEqual([]);
    await server.close();
  });

  it('treats malformed and null JSON bodies as empty messages', async () => {
    for (const body of ['{bad json', 'null', '']) {
      const response = await post(server, '/api/2.0/mlflow/experiments/create', body);
      expect(response.status).toBe(400);
      expect(errorOf(response).message).toMatch(/^Missing value for required parameter 'name'/);
    }
  });

  it('decodes double-encoded JSON bodies and ignores unknown fields', async () => {
    const double = await post(
      server,
      '/api/2.0/mlflow/experiments/create',
      JSON.stringify(JSON.stringify({ name: 'double' })),
    );
    expect(double.status).toBe(200);
    const extra = await post(
      server,
      '/api/2.0/mlflow/experiments/create',
      '{"name": "extra", "bogus": {"x": [1]}}',
    );
    expect(extra.status).toBe(200);
  });

  it('refuses JSON bodies that are not objects with 400, not 500', async () => {
    for (const body of ['[1, 2]', '42', 'true']) {
      const response = await post(server, '/api/2.0/mlflow/experiments/create', body);
      expect(response.status).toBe(400);
      expect(errorOf(response).error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('requires Content-Type application/json on POST, with parameters and any case', async () => {
    const missing = await post(server, '/api/2.0/mlflow/experiments/create', '{"name": "no-type"}', {});
    expect(errorOf(missing).message).toBe('Bad Request. Content-Type header is missing.');
    const text = await post(server, '/api/2.0/mlflow/experiments/create', '{"name": "text"}', {
      'content-type': 'text/plain',
    });
    expect(errorOf(text).message).toBe("Bad Request. Content-Type must be one of ['application/json'].");
    const charset = await post(server, '/api/2.0/mlflow/experiments/create', '{"name": "charset"}', {
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(charset.status).toBe(200);
  });

  it('reads GET fields from the query string, repeated keys as lists, and a JSON body without one', async () => {
    const byQuery = await get(
      server,
      '/api/2.0/mlflow/experiments/search?max_results=10&order_by=name+DESC&order_by=experiment_id&filter=name+LIKE+%27%25a%25%27',
    );
    expect(byQuery.status).toBe(200);
    const names = (byQuery.json as { experiments: { name: string }[] }).experiments.map(
      (experiment) => experiment.name,
    );
    expect(names).toEqual(['extra', 'charset', 'Default']);
    const byBody = await sendRaw(
      server.url,
      'GET',
      '/api/2.0/mlflow/experiments/get',
      JSON_HEADERS,
      Buffer.from('{"experiment_id": "0"}'),
    );
    expect((byBody.json as { experiment: { name: string } }).experiment.name).toBe('Default');
  });

  it('accepts run_uuid for run_id and prefers run_id when both are given', async () => {
    const other = await post(
      server,
      '/api/2.0/mlflow/runs/create',
      '{"experiment_id": "0", "run_name": "other"}',
    );
    const otherId = (other.json as { run: { info: { run_id: string } } }).run.info.run_id;
    const legacy = await get(server, `/api/2.0/mlflow/runs/get?run_uuid=${runId}`);
    expect((legacy.json as { run: { info: { run_name: string } } }).run.info.run_name).toBe('http');
    const both = await get(server, `/api/2.0/mlflow/runs/get?run_id=${otherId}&run_uuid=${runId}`);
    expect((both.json as { run: { info: { run_name: string } } }).run.info.run_name).toBe('other');
  });

  it('round-trips int64 beyond 2^53 and non-finite doubles exactly', async () => {
    const logged = await post(
      server,
      '/api/2.0/mlflow/runs/log-batch',
      `{"run_id": "${runId}", "metrics": [{"key": "big", "value": "-Infinity", "timestamp": "9007199254740993", "step": 9223372036854775807}, {"key": "nan", "value": NaN, "timestamp": 1}]}`,
    );
    expect(logged.status).toBe(200);
    const history = await get(server, `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=big`);
    expect(history.text).toBe(
      '{"metrics":[{"key":"big","value":"-Infinity","timestamp":9007199254740993,"step":9223372036854775807}]}',
    );
    const nan = await get(server, `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=nan`);
    expect(nan.text).toBe('{"metrics":[{"key":"nan","value":"NaN","timestamp":1,"step":0}]}');
  });

  it('answers JSON with Content-Type application/json exactly', async () => {
    const response = await get(server, '/api/2.0/mlflow/experiments/get?experiment_id=0');
    expect(response.contentType).toBe('application/json');
  });

  it('serves every RPC under /ajax-api too, and only under its own API version', async () => {
    expect((await get(server, '/ajax-api/2.0/mlflow/experiments/get?experiment_id=0')).status).toBe(200);
    const wrongVersion = await get(server, '/api/3.0/mlflow/experiments/get?experiment_id=0');
    expect(wrongVersion.status).toBe(404);
    expect(errorOf(wrongVersion).error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('answers unknown routes 404 ENDPOINT_NOT_FOUND, wrong methods 405 and OPTIONS 204 with Allow', async () => {
    for (const path of [
      '/api/2.0/mlflow/nope',
      '/api/2.0/mlflow/experiments/list',
      '/api/2.0/mlflow/experiments/get/',
      '/',
    ]) {
      const response = await get(server, path);
      expect(response.status, path).toBe(404);
      expect(errorOf(response).error_code).toBe('ENDPOINT_NOT_FOUND');
    }
    const wrongMethod = await sendRaw(server.url, 'DELETE', '/api/2.0/mlflow/runs/search', {}, undefined);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('OPTIONS, POST');
    const options = await sendRaw(server.url, 'OPTIONS', '/api/2.0/mlflow/experiments/search', {}, undefined);
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS, POST');
  });

  it('answers /health with OK and /version with an MLflow version of at least 3.4', async () => {
    expect((await get(server, '/health')).text).toBe('OK');
    expect((await get(server, '/version')).text).toBe('3.6.0');
  });
});

describe('tracking app options', () => {
  let database: StoreDatabase;

  beforeAll(async () => {
    database = createDatabase('sqlite:///:memory:');
    await migrateToLatest(database);
  });

  afterAll(async () => {
    await database.close();
  });

  it('serves every route under a static prefix', async () => {
    const app = createTrackingApp({
      trackingStore: createTrackingStore({ database }),
      staticPrefix: '/mlflow',
    });
    const health = await app.inject({ method: 'GET', url: '/mlflow/health' });
    expect(health.body).toBe('OK');
    const experiment = await app.inject({
      method: 'GET',
      url: '/mlflow/api/2.0/mlflow/experiments/get?experiment_id=0',
    });
    expect(experiment.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get?experiment_id=0' }))
        .statusCode,
    ).toBe(404);
    expect(() =>
      createTrackingApp({ trackingStore: createTrackingStore({ database }), staticPrefix: 'mlflow/' }),
    ).toThrow(RangeError);
    await app.close();
  });

  it('refuses bodies over the limit with 413 and MLflow error JSON', async () => {
    const app = createTrackingApp({ trackingStore: createTrackingStore({ database }), maxBodyBytes: 64 });
    const response = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/experiments/create',
      headers: JSON_HEADERS,
      payload: JSON.stringify({ name: 'x'.repeat(100) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error_code: 'BAD_REQUEST' });
    await app.close();
  });
});

describe('RPC registration', () => {
  it('reads DELETE and PATCH bodies without a Content-Type check, and boolean query fields', async () => {
    const seen: unknown[] = [];
    const rpcs = (['DELETE', 'PATCH', 'GET'] as const).map((method) =>
      defineRpc({
        name: `probe${method}`,
        method,
        path: '/mlflow/probe',
        majorVersion: 3,
        repeatedFields: ['names'],
        request: { name: stringField({ required: true }), names: stringListField(), flag: booleanField() },
        handle: async (request) => {
          seen.push(request);
          return {};
        },
      }),
    );
    const app = Fastify();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerRpcs(app, rpcs, {
      context: {} as RpcContext,
      routes: new RouteTable(),
      maxBodyBytes: 1024,
      staticPrefix: '',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const deleted = await sendRaw(
        url,
        'DELETE',
        '/api/3.0/mlflow/probe',
        {},
        Buffer.from('{"name": "deleted"}'),
      );
      expect(deleted.status).toBe(200);
      const patched = await sendRaw(
        url,
        'PATCH',
        '/ajax-api/3.0/mlflow/probe',
        {},
        Buffer.from('{"name": "patched"}'),
      );
      expect(patched.status).toBe(200);
      const queried = await sendRaw(
        url,
        'GET',
        '/api/3.0/mlflow/probe?name=q&names=a&flag=True&names=b',
        {},
        undefined,
      );
      expect(queried.status).toBe(200);
      expect(seen).toEqual([
        { name: 'deleted', names: [] },
        { name: 'patched', names: [] },
        { name: 'q', names: ['a', 'b'], flag: true },
      ]);
    } finally {
      await app.close();
    }
  });
});

describe("experiment tags in the TS SDK's shape", () => {
  let server: RunningTrackingServer;
  beforeAll(async () => {
    const [sqlite] = trackingBackends();
    if (sqlite === undefined) throw new Error('No SQLite backend.');
    server = await startTrackingServer(sqlite);
  });
  afterAll(async () => server.close());

  it("takes experiment tags as a list or as the TS SDK's object map, and refuses non-string map values", async () => {
    const asMap = await post(
      server,
      '/api/2.0/mlflow/experiments/create',
      '{"name": "tags-as-map", "tags": {"team": "risk", "tier": "1"}}',
    );
    expect(asMap.status).toBe(200);
    const asList = await post(
      server,
      '/api/2.0/mlflow/experiments/create',
      '{"name": "tags-as-list", "tags": [{"key": "team", "value": "risk"}]}',
    );
    expect(asList.status).toBe(200);
    const fetched = await get(server, '/api/2.0/mlflow/experiments/get-by-name?experiment_name=tags-as-map');
    const tags = (fetched.json as { experiment: { tags: Array<{ key: string; value: string }> } }).experiment
      .tags;
    expect(tags.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'team', value: 'risk' },
      { key: 'tier', value: '1' },
    ]);
    const badValue = await post(
      server,
      '/api/2.0/mlflow/experiments/create',
      '{"name": "tags-bad-map", "tags": {"team": 3}}',
    );
    expect(badValue.status).toBe(400);
    expect(errorOf(badValue).error_code).toBe('INVALID_PARAMETER_VALUE');
    const missing = await get(server, '/api/2.0/mlflow/experiments/get-by-name?experiment_name=tags-bad-map');
    expect(missing.status).toBe(404);
  });
});
