import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcUrls, trackingRpcs } from '../src/index.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';
import { sendRaw, type ReplayResponse } from './support/tracking-vectors.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every request field name of the tracking RPCs. */
const FIELD_NAMES = [
  'name',
  'artifact_location',
  'tags',
  'experiment_id',
  'experiment_name',
  'max_results',
  'page_token',
  'filter',
  'order_by',
  'view_type',
  'new_name',
  'key',
  'value',
  'user_id',
  'run_name',
  'start_time',
  'run_id',
  'run_uuid',
  'status',
  'end_time',
  'experiment_ids',
  'run_view_type',
  'timestamp',
  'step',
  'metrics',
  'params',
  'datasets',
  'metric_key',
  'run_ids',
  'start_step',
  'end_step',
];

/** JSON texts a client should never be able to turn into a 500. */
const HOSTILE_VALUES = [
  'true',
  '1.5',
  '-1',
  '9223372036854775808',
  '1e400',
  '"NaN"',
  '""',
  `"${'x'.repeat(10000)}"`,
  '{}',
  '[{}]',
  '[null]',
  '[{"key": null, "value": 1}]',
  '[{"key": "k", "value": "v", "timestamp": "t", "step": []}]',
  '[{"dataset": {}}]',
  '"../escape"',
  `"' OR 1=1 --"`,
  '"\\u0000"',
];

function expectClientError(response: ReplayResponse, label: string): void {
  expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.contentType, label).toBe('application/json');
    expect(Object.keys(response.json as object).sort(), label).toEqual(['error_code', 'message']);
  }
}

describe('bad input', () => {
  let server: RunningTrackingServer;
  let runId: string;

  async function post(path: string, body: unknown): Promise<ReplayResponse> {
    return sendRaw(
      server.url,
      'POST',
      path,
      JSON_HEADERS,
      Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    );
  }

  async function getRun(): Promise<{ data: Record<string, unknown> }> {
    const response = await sendRaw(
      server.url,
      'GET',
      `/api/2.0/mlflow/runs/get?run_id=${runId}`,
      {},
      undefined,
    );
    return (response.json as { run: { data: Record<string, unknown> } }).run;
  }

  beforeAll(async () => {
    const [sqlite] = trackingBackends();
    if (sqlite === undefined) throw new Error('No SQLite backend.');
    server = await startTrackingServer(sqlite);
    const created = await post('/api/2.0/mlflow/runs/create', { experiment_id: '0', run_name: 'target' });
    runId = (created.json as { run: { info: { run_id: string } } }).run.info.run_id;
  });

  afterAll(async () => {
    await server.close();
  });

  it('refuses an over-limit log-batch whole: nothing of it is written', async () => {
    const metrics = Array.from({ length: 1001 }, (_, step) => ({
      key: 'loss',
      value: step,
      timestamp: 1000 + step,
      step,
    }));
    const response = await post('/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      metrics,
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(response.status).toBe(400);
    expect((response.json as { message: string }).message).toMatch(/at most 1000 metrics\. Got 1001 metrics/);
    const history = await sendRaw(
      server.url,
      'GET',
      `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=loss`,
      {},
      undefined,
    );
    expect(history.json).toEqual({});
    expect((await getRun()).data).toEqual({ tags: [{ key: 'mlflow.runName', value: 'target' }] });
  });

  it('refuses a log-batch whose param would change, writing none of its metrics or tags', async () => {
    expect(
      (await post('/api/2.0/mlflow/runs/log-parameter', { run_id: runId, key: 'alpha', value: '0.5' }))
        .status,
    ).toBe(200);
    const response = await post('/api/2.0/mlflow/runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1 }],
      params: [
        { key: 'alpha', value: '0.7' },
        { key: 'beta', value: '1' },
      ],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(response.status).toBe(400);
    expect((await getRun()).data).toEqual({
      params: [{ key: 'alpha', value: '0.5' }],
      tags: [{ key: 'mlflow.runName', value: 'target' }],
    });
  });

  it('never answers 500 to hostile field values on any RPC', async () => {
    for (const rpc of trackingRpcs) {
      const [url] = rpcUrls(rpc);
      if (url === undefined) continue;
      for (const field of FIELD_NAMES) {
        for (const value of HOSTILE_VALUES) {
          const label = `${rpc.method} ${url} ${field}=${value.slice(0, 40)}`;
          if (rpc.method === 'GET') {
            const text = value.startsWith('"') ? (JSON.parse(value) as string) : value;
            const query = `${field}=${encodeURIComponent(text)}&run_id=${runId}&experiment_id=0&metric_key=loss&run_ids=${runId}`;
            expectClientError(await sendRaw(server.url, 'GET', `${url}?${query}`, {}, undefined), label);
          } else {
            const body = `{"run_id": "${runId}", "experiment_id": "0", "key": "k", "name": "n-${field}", "${field}": ${value}}`;
            expectClientError(await post(url, body), label);
          }
        }
      }
    }
    expect(server.loggedErrors).toEqual([]);
  }, 180_000); // about 17000 requests: room for a busy machine

  it('never answers 500 to malformed search filters and order_by clauses, and binds values as parameters', async () => {
    const filters = [
      "params.model = 'x' OR 1=1",
      "params.model = 'x'' OR ''1''=''1'",
      'metrics.',
      'metrics.`',
      "tags.'a' = 'b'",
      '= = =',
      'AND AND',
      'attributes.run_id IN ()',
      "attributes.run_id IN ('a',)",
      "dataset.name IN 'a'",
      'metrics.m > 1e999',
      'metrics.m > -',
      "params.`a` ILIKE '%_%'",
      "run_name = 'a\\'b'",
      '((',
      ')',
      '"unterminated',
      "tags.x LIKE '[a-z]*?'",
      'status IS NULL',
      'created IN (1, 2)',
      '\u0000',
    ];
    for (const filter of filters) {
      const response = await post('/api/2.0/mlflow/runs/search', { experiment_ids: ['0'], filter });
      expectClientError(response, filter);
      if (response.status === 200)
        expect((response.json as { runs?: unknown[] }).runs ?? [], filter).toEqual([]);
    }
    for (const clause of [
      '',
      ' ',
      'metrics.',
      'params.x DESC DESC',
      "tags.'x'",
      '1',
      'run_id; DROP TABLE runs',
    ]) {
      expectClientError(
        await post('/api/2.0/mlflow/runs/search', { experiment_ids: ['0'], order_by: [clause] }),
        clause,
      );
    }
    const stillThere = await post('/api/2.0/mlflow/runs/search', {
      experiment_ids: ['0'],
      filter: `attributes.run_id = '${runId}'`,
    });
    expect((stillThere.json as { runs: unknown[] }).runs).toHaveLength(1);
    expect(server.loggedErrors).toEqual([]);
  });
});
