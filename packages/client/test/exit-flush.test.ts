import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '../src/tracking/mlflow-client.js';
import { runScript } from './support/run-script.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/exit-without-end-run.ts');

let server: TestTrackingServer;
let client: MlflowClient;

beforeAll(async () => {
  server = await startTrackingServer();
  client = new MlflowClient({ trackingUri: server.url, environment: {} });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('a program that ends without endRun', () => {
  it('flushes queued metrics and ends its run FINISHED before exiting', async () => {
    const result = await runScript(SCRIPT, { MLFLOW_TRACKING_URI: server.url, EXPERIMENT_NAME: 'exit-ok' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const runId = result.stdout.trim();
    const run = await client.getRun(runId);
    expect(run.info.status).toBe('FINISHED');
    expect(await client.getMetricHistory(runId, 'loss')).toHaveLength(1500);
    expect(server.count('/runs/log-metric')).toBe(0);
  });

  it('reports what the server refused on stderr and exits non-zero', async () => {
    const result = await runScript(SCRIPT, {
      MLFLOW_TRACKING_URI: server.url,
      EXPERIMENT_NAME: 'exit-refused',
      DELETE_RUN: '1',
    });
    const runId = result.stdout.trim();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('millrace: logging to the tracking server failed before exit');
    expect(result.stderr).toContain(runId);
    // 1000 values were flushed before the run was deleted; the last 500 were refused, and said so.
    expect(await client.getMetricHistory(runId, 'loss')).toHaveLength(1000);
  });
});
