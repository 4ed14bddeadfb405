import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '../src/tracking/mlflow-client.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

/**
 * The npm package `mlflow` 2.0.7 (tracking-api.md §4.3) is not installed in this repository, so its
 * calls are replayed as it makes them: URL `${endpoint}/api/2.0/mlflow${path}`, `Accept:
 * application/json`, JSON bodies with `Content-Type: application/json` on POST, GET parameters via
 * querystring (arrays as repeated keys), `run_id` and `run_uuid` on every run call, any status but
 * 200 is an error.
 */
let server: TestTrackingServer;

beforeAll(async () => {
  server = await startTrackingServer();
});

afterAll(async () => {
  await server?.close();
});

async function npmMlflowCall(
  method: 'GET' | 'POST',
  endpoint: string,
  parameters: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let url = `${server.url}/api/2.0/mlflow${endpoint}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (method === 'GET') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(parameters)) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    }
    url += `?${query.toString()}`;
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(parameters);
  }
  const response = await request(url, { method, headers, body });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

describe('the calls of npm mlflow 2.0.7', () => {
  it('work for experiments, runs, logging, search and metric history', async () => {
    const created = await npmMlflowCall('POST', '/experiments/create', {
      name: 'npm-client',
      artifact_location: undefined,
    });
    expect(created.status).toBe(200);
    const experimentId = created.body.experiment_id as string;
    expect((await npmMlflowCall('GET', '/experiments/get', { experiment_id: experimentId })).status).toBe(
      200,
    );

    const run = await npmMlflowCall('POST', '/runs/create', {
      experiment_id: experimentId,
      user_id: 'npm-user',
      start_time: Date.now(),
      tags: [{ key: 'source', value: 'npm' }],
    });
    expect(run.status).toBe(200);
    const runId = (run.body.run as { info: { run_id: string } }).info.run_id;
    const ids = { run_id: runId, run_uuid: runId };
    for (const [endpoint, parameters] of [
      ['/runs/log-metric', { ...ids, key: 'loss', value: 0.5, timestamp: Date.now(), step: 1 }],
      ['/runs/log-parameter', { ...ids, key: 'alpha', value: '0.1' }],
      ['/runs/set-tag', { ...ids, key: 'stage', value: 'dev' }],
      ['/runs/delete-tag', { ...ids, key: 'source' }],
      [
        '/runs/log-batch',
        {
          ...ids,
          metrics: [{ key: 'acc', value: 0.9, timestamp: Date.now(), step: 0 }],
          params: [],
          tags: [],
        },
      ],
      ['/runs/update', { ...ids, status: 'FINISHED', end_time: Date.now() }],
    ] as const) {
      const answer = await npmMlflowCall('POST', endpoint, parameters);
      expect([endpoint, answer.status]).toEqual([endpoint, 200]);
    }
    const read = await npmMlflowCall('GET', '/runs/get', ids);
    expect(read.status).toBe(200);
    expect((read.body.run as { info: { status: string } }).info.status).toBe('FINISHED');

    const search = await npmMlflowCall('POST', '/runs/search', {
      experiment_ids: [experimentId],
      filter: "params.alpha = '0.1'",
      run_view_type: 'ACTIVE_ONLY',
      max_results: 10,
      order_by: ['metrics.loss ASC'],
    });
    expect(search.status).toBe(200);
    expect((search.body.runs as unknown[]).length).toBe(1);

    const history = await npmMlflowCall('GET', '/metrics/get-history', { ...ids, metric_key: 'loss' });
    expect(history.status).toBe(200);
    expect(history.body.metrics).toEqual([expect.objectContaining({ key: 'loss', value: 0.5, step: 1 })]);

    // Artifacts.list: paths relative to the run's artifact root (the file is uploaded with this SDK).
    const scratch = mkdtempSync(path.join(tmpdir(), 'npm-mlflow-'));
    const notes = path.join(scratch, 'notes.txt');
    writeFileSync(notes, 'hello');
    const sdk = new MlflowClient({ trackingUri: server.url, environment: {} });
    await sdk.logArtifact(runId, notes, 'docs');
    await sdk.close();
    rmSync(scratch, { recursive: true, force: true });
    const listing = await npmMlflowCall('GET', '/artifacts/list', { ...ids, path: 'docs' });
    expect(listing.status).toBe(200);
    expect(listing.body.files).toEqual([{ path: 'docs/notes.txt', is_dir: false, file_size: 5 }]);

    for (const endpoint of ['/runs/delete', '/runs/restore']) {
      expect((await npmMlflowCall('POST', endpoint, ids)).status).toBe(200);
    }
    expect(
      (
        await npmMlflowCall('POST', '/experiments/update', {
          experiment_id: experimentId,
          new_name: 'npm-renamed',
        })
      ).status,
    ).toBe(200);
    expect((await npmMlflowCall('POST', '/experiments/delete', { experiment_id: experimentId })).status).toBe(
      200,
    );
    expect(
      (await npmMlflowCall('POST', '/experiments/restore', { experiment_id: experimentId })).status,
    ).toBe(200);
  });

  it('fails where the package itself is wrong, as it does on MLflow', async () => {
    // JSON.stringify(NaN) is null: a missing value.
    const run = await npmMlflowCall('POST', '/runs/create', { experiment_id: '0', start_time: Date.now() });
    const runId = (run.body.run as { info: { run_id: string } }).info.run_id;
    const nan = await npmMlflowCall('POST', '/runs/log-metric', {
      run_id: runId,
      run_uuid: runId,
      key: 'x',
      value: Number.NaN,
      timestamp: Date.now(),
    });
    expect(nan.status).toBe(400);
    expect(nan.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    // The missing slash in its setExperimentTag path.
    const tag = await npmMlflowCall('POST', '/experimentsset-experiment-tag', {
      experiment_id: '0',
      key: 'k',
      value: 'v',
    });
    expect(tag.status).toBe(404);
  });
});
