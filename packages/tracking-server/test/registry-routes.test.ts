import type { AddressInfo } from 'node:net';
import { createDatabase, createTrackingStore, migrateToLatest } from '@millrace/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTrackingApp,
  loggedModelRpcs,
  modelVersionRpcs,
  registeredModelRpcs,
  rpcUrls,
} from '../src/index.js';
import { createJsonApiClient, type JsonApiClient } from './support/json-api-client.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';
import { sendRaw, type ReplayResponse } from './support/tracking-vectors.js';

type Json = Record<string, unknown>;

const API = '/api/2.0/mlflow';

/** JSON texts a client should never be able to turn into a 500. */
const HOSTILE_VALUES = [
  'true',
  '1.5',
  '-1',
  '9223372036854775808',
  '""',
  `"${'x'.repeat(5000)}"`,
  '{}',
  '[{}]',
  '[null]',
  '[{"key": null}]',
  '[{"field_name": "metrics."}]',
  '"../escape"',
  `"' OR 1=1 --"`,
  '"\\u0000"',
  '"models:/"',
  '"runs:/"',
  '"file:///etc/passwd"',
];

const FIELD_NAMES = [
  'name',
  'new_name',
  'description',
  'tags',
  'version',
  'source',
  'run_id',
  'run_link',
  'model_id',
  'stage',
  'stages',
  'archive_existing_versions',
  'alias',
  'key',
  'value',
  'filter',
  'max_results',
  'order_by',
  'page_token',
  'experiment_id',
  'experiment_ids',
  'model_type',
  'source_run_id',
  'params',
  'status',
  'datasets',
  'allow_deleted',
];

function expectClientError(response: ReplayResponse, label: string): void {
  expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(Object.keys(response.json as object).sort(), label).toEqual(['error_code', 'message']);
  }
}

describe('registry and logged-model routes', () => {
  let server: RunningTrackingServer;
  let api: JsonApiClient;
  let modelId: string;

  beforeAll(async () => {
    const [sqlite] = trackingBackends();
    if (sqlite === undefined) throw new Error('No SQLite backend.');
    server = await startTrackingServer(sqlite);
    api = createJsonApiClient(server.url);
    const created = await api.send('POST', `${API}/logged-models`, { experiment_id: '0', name: 'routed' });
    modelId = ((created.json as { model: { info: Json } }).model.info.model_id as string) ?? '';
    await api.send('POST', `${API}/registered-models/create`, { name: 'routed' });
    await api.send('POST', `${API}/model-versions/create`, { name: 'routed', source: 's3://b/v1' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves the registry under /ajax-api too, and takes a JSON integer as a version', async () => {
    const response = await api.get('/ajax-api/2.0/mlflow/registered-models/get', { name: 'routed' });
    expect(response.status).toBe(200);
    const version = await api.send('PATCH', `${API}/model-versions/update`, {
      name: 'routed',
      version: 1,
      description: 'numbered',
    });
    expect((version.json as { model_version: Json }).model_version).toMatchObject({
      version: '1',
      description: 'numbered',
    });
  });

  it('answers 405 with Allow on a logged-model path called with another method, 404 under /api/3.0', async () => {
    const wrongMethod = await api.send('POST', `${API}/logged-models/${modelId}`, {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
    const tagPath = await api.send('POST', `${API}/logged-models/${modelId}/tags/some-key`, {});
    expect(tagPath.status).toBe(405);
    expect(tagPath.headers.allow).toBe('DELETE, OPTIONS');
    const version3 = await api.get(`/api/3.0/mlflow/logged-models/${modelId}`);
    expect(version3.status).toBe(404);
    expect((version3.json as Json).error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('takes path parameters over body fields, decoded', async () => {
    await api.send('PATCH', `${API}/logged-models/${modelId}/tags`, { tags: [{ key: 'a b', value: '1' }] });
    const deleted = await api.send('DELETE', `${API}/logged-models/${modelId}/tags/a%20b`, {
      model_id: 'm-0123456789abcdef0123456789abcdef',
    });
    expect(deleted.status).toBe(200);
    const model = (await api.get(`${API}/logged-models/${modelId}`)).json as { model: { info: Json } };
    expect(model.model.info.tags).toBeUndefined();
  });

  it('refuses a finalize to PENDING or without a status, and an unknown status name', async () => {
    for (const status of ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_STATUS_UNSPECIFIED', 0, 'DONE']) {
      const response = await api.send('PATCH', `${API}/logged-models/${modelId}`, { status });
      expect(response.status, String(status)).toBe(400);
      expect((response.json as Json).error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('never answers 500 to hostile field values on any registry or logged-model RPC', async () => {
    for (const rpc of [...registeredModelRpcs, ...modelVersionRpcs, ...loggedModelRpcs]) {
      const [template] = rpcUrls(rpc);
      if (template === undefined) continue;
      const url = template.replace(':model_id', modelId).replace(':tag_key', 'k');
      for (const field of FIELD_NAMES) {
        // The values of one field go out together: the server sees concurrent requests too.
        await Promise.all(
          HOSTILE_VALUES.map(async (value) => {
            const label = `${rpc.method} ${url} ${field}=${value.slice(0, 40)}`;
            if (rpc.method === 'GET') {
              const text = value.startsWith('"') ? (JSON.parse(value) as string) : value;
              const query = `name=routed&version=1&alias=a&${field}=${encodeURIComponent(text)}`;
              expectClientError(await sendRaw(server.url, 'GET', `${url}?${query}`, {}, undefined), label);
            } else {
              const body = `{"name": "routed", "version": "1", "experiment_id": "0", "experiment_ids": ["0"], "source": "s3://b/x", "key": "k", "alias": "a", "stage": "None", "new_name": "routed-${field}", "${field}": ${value}}`;
              const headers = { 'content-type': 'application/json' };
              expectClientError(
                await sendRaw(server.url, rpc.method, url, headers, Buffer.from(body)),
                label,
              );
            }
          }),
        );
      }
    }
    expect(server.loggedErrors).toEqual([]);
  }, 180_000);
});

describe('an app without registry and logged-model stores', () => {
  it('answers their routes 404 ENDPOINT_NOT_FOUND, which clients read as "not implemented"', async () => {
    const database = createDatabase('sqlite:///:memory:');
    await migrateToLatest(database);
    const app = createTrackingApp({ trackingStore: createTrackingStore({ database }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const api = createJsonApiClient(`http://127.0.0.1:${port}`);
      for (const response of [
        await api.get(`${API}/registered-models/get`, { name: 'x' }),
        await api.send('POST', `${API}/logged-models`, { experiment_id: '0' }),
        await api.get(`${API}/logged-models/m-0123456789abcdef0123456789abcdef`),
      ]) {
        expect(response.status).toBe(404);
        expect((response.json as Json).error_code).toBe('ENDPOINT_NOT_FOUND');
      }
    } finally {
      await app.close();
      await database.close();
    }
  });
});
