import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonApiClient, type JsonApiClient } from './support/json-api-client.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';

/*
 * Metric writes over real HTTP as clients send them at once: concurrent log-metric calls are
 * committed in groups (one statement per group on PostgreSQL), and each call keeps its own outcome.
 */

const UNKNOWN_RUN = '0123456789abcdef0123456789abcdef';

function errorCode(response: { json: unknown }): unknown {
  return (response.json as { error_code?: unknown }).error_code;
}

for (const backend of trackingBackends()) {
  describe(`concurrent metric writes (${backend.name})`, () => {
    let server: RunningTrackingServer;
    let client: JsonApiClient;

    beforeAll(async () => {
      server = await startTrackingServer(backend);
      client = createJsonApiClient(server.url);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function newRun(name: string): Promise<string> {
      const response = await client.send('POST', '/api/2.0/mlflow/runs/create', {
        experiment_id: '0',
        run_name: name,
        start_time: 1,
      });
      expect(response.status).toBe(200);
      return (response.json as { run: { info: { run_id: string } } }).run.info.run_id;
    }

    function logMetric(runId: string, key: string, step: number) {
      return client.send('POST', '/api/2.0/mlflow/runs/log-metric', {
        run_id: runId,
        key,
        value: step / 2,
        timestamp: 1000 + step,
        step,
      });
    }

    async function history(runId: string, key: string): Promise<number[]> {
      const response = await client.get('/api/2.0/mlflow/metrics/get-history', {
        run_id: runId,
        metric_key: key,
      });
      expect(response.status).toBe(200);
      const metrics = (response.json as { metrics?: Array<{ step: number }> }).metrics ?? [];
      return metrics.map((point) => point.step).sort((left, right) => left - right);
    }

    it('commits every one of many concurrent log-metric calls to one run', async () => {
      const runId = await newRun('concurrent');
      const steps = Array.from({ length: 60 }, (_, step) => step);
      const responses = await Promise.all(
        steps.map((step) => logMetric(runId, step % 2 === 0 ? 'loss' : 'acc', step)),
      );
      expect(responses.map((response) => response.status)).toEqual(steps.map(() => 200));
      expect(await history(runId, 'loss')).toEqual(steps.filter((step) => step % 2 === 0));
      expect(await history(runId, 'acc')).toEqual(steps.filter((step) => step % 2 === 1));
      const run = await client.get('/api/2.0/mlflow/runs/get', { run_id: runId });
      const latest = (run.json as { run: { data: { metrics: Array<{ key: string; step: number }> } } }).run
        .data.metrics;
      expect(latest.map((point) => [point.key, point.step])).toEqual([
        ['loss', 58],
        ['acc', 59],
      ]);
    });

    it('fails only the calls to deleted or unknown runs and the malformed ones, each with its error', async () => {
      const active = await newRun('active');
      const deleted = await newRun('deleted');
      expect((await client.send('POST', '/api/2.0/mlflow/runs/delete', { run_id: deleted })).status).toBe(
        200,
      );
      const calls = Array.from({ length: 40 }, (_, step) => {
        switch (step % 4) {
          case 0:
            return logMetric(active, 'loss', step);
          case 1:
            return logMetric(deleted, 'loss', step);
          case 2:
            return logMetric(UNKNOWN_RUN, 'loss', step);
          default:
            return logMetric(active, 'bad*key', step);
        }
      });
      const outcomes = (await Promise.all(calls)).map((response) => [
        response.status,
        response.status === 200 ? 'ok' : errorCode(response),
      ]);
      expect(outcomes).toEqual(
        Array.from(
          { length: 40 },
          (_, step) =>
            [
              [200, 'ok'],
              [400, 'INVALID_PARAMETER_VALUE'],
              [404, 'RESOURCE_DOES_NOT_EXIST'],
              [400, 'INVALID_PARAMETER_VALUE'],
            ][step % 4],
        ),
      );
      expect(await history(active, 'loss')).toEqual(Array.from({ length: 10 }, (_, index) => index * 4));
      expect(await history(deleted, 'loss')).toEqual([]);
      expect(server.loggedErrors).toEqual([]);
    });

    it('refuses a log-batch of metrics to a deleted or unknown run as a whole', async () => {
      const runId = await newRun('batch-deleted');
      await client.send('POST', '/api/2.0/mlflow/runs/delete', { run_id: runId });
      const metrics = Array.from({ length: 1000 }, (_, step) => ({
        key: 'm',
        value: step,
        timestamp: 1000 + step,
        step,
      }));
      const deleted = await client.send('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics });
      expect([deleted.status, errorCode(deleted)]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      const unknown = await client.send('POST', '/api/2.0/mlflow/runs/log-batch', {
        run_id: UNKNOWN_RUN,
        metrics,
      });
      expect([unknown.status, errorCode(unknown)]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
      expect(await history(runId, 'm')).toEqual([]);
    });

    it('names the first malformed metric of a log-batch by its path', async () => {
      const runId = await newRun('batch-malformed');
      const metrics: Array<Record<string, unknown>> = Array.from({ length: 5 }, (_, step) => ({
        key: 'm',
        value: step,
        timestamp: 1000 + step,
        step,
      }));
      metrics[3] = { key: 'm', value: 3, timestamp: 'soon', step: 3 };
      metrics[4] = { key: 'm', value: true, timestamp: 1004, step: 4 };
      const response = await client.send('POST', '/api/2.0/mlflow/runs/log-batch', {
        run_id: runId,
        metrics,
      });
      expect(response.status).toBe(400);
      expect((response.json as { message: string }).message).toMatch(
        /^Invalid value "soon" for parameter 'metrics\[3\]\.timestamp' supplied/,
      );
      expect(await history(runId, 'm')).toEqual([]);
    });
  });
}
