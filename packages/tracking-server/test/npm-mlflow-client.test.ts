import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalArtifactRepository } from '@millrace/store';
import mlflowPackage from 'mlflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';

// The package's types declare an ES default export; its index.js sets module.exports to the class.
const MLflow = mlflowPackage as unknown as typeof mlflowPackage.default;
type MLflow = InstanceType<typeof MLflow>;

/*
 * The npm package `mlflow` 2.0.7 (Yuhsak), unchanged, against a real tracking server over HTTP
 * (tracking spec §4.3). It has no registry, artifact upload or tracing API: it covers experiments,
 * runs, params/metrics/tags, log-batch, search, metric history and artifact listing. It throws
 * `Error("Error: {status, statusText, data}")` for any status but 200 and console.logs every POST
 * body (silenced here).
 */

interface ClientFailure {
  status: number;
  data: { error_code?: string; message?: string } | null;
}

/** `Experiments.create` without an artifact location (the package's types require one; its code does not). */
function createExperiment(client: MLflow, name: string): Promise<{ experiment_id: string }> {
  return client.Experiments.create({ name } as { name: string; artifact_location: string });
}

/** The status and body the package puts in the message of its errors. */
async function failure(action: Promise<unknown>): Promise<ClientFailure> {
  try {
    await action;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return JSON.parse(message.replace(/^Error: /, '')) as ClientFailure;
  }
  throw new Error('Expected the client call to fail.');
}

for (const backend of trackingBackends()) {
  describe(`npm mlflow 2.0.7 client (${backend.name})`, () => {
    let server: RunningTrackingServer;
    let sandbox: string;
    let client: MLflow;

    beforeEach(async () => {
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      sandbox = await mkdtemp(path.join(tmpdir(), 'millrace-npm-mlflow-'));
      server = await startTrackingServer(backend, {
        artifactsDestination: createLocalArtifactRepository(path.join(sandbox, 'mlartifacts')),
      });
      client = new MLflow({ endpoint: server.url, headers: { 'User-Agent': 'npm-mlflow-test' } });
    });

    afterEach(async () => {
      vi.restoreAllMocks();
      expect(server.loggedErrors).toEqual([]);
      await server.close();
      await rm(sandbox, { recursive: true, force: true });
    });

    it('creates, gets, renames, deletes and restores experiments', async () => {
      const created = await createExperiment(client, 'npm-exp');
      expect(created).toEqual({ experiment_id: expect.stringMatching(/^\d+$/) });
      const id: string = created.experiment_id;

      const got = await client.Experiments.get({ experiment_id: id });
      expect(got.experiment).toMatchObject({
        experiment_id: id,
        name: 'npm-exp',
        artifact_location: `mlflow-artifacts:/${id}`,
        lifecycle_stage: 'active',
      });
      // MLflow >= 2 no longer lists the experiment's runs here.
      expect(got).not.toHaveProperty('runs');

      expect(await client.Experiments.update({ experiment_id: id, new_name: 'npm-exp-2' })).toEqual({});
      expect((await client.Experiments.get({ experiment_id: id })).experiment.name).toBe('npm-exp-2');
      expect(await client.Experiments.delete({ experiment_id: id })).toEqual({});
      expect((await client.Experiments.get({ experiment_id: id })).experiment.lifecycle_stage).toBe(
        'deleted',
      );
      expect(await client.Experiments.restore({ experiment_id: id })).toEqual({});
      expect((await client.Experiments.get({ experiment_id: id })).experiment.lifecycle_stage).toBe('active');

      const duplicate = await failure(createExperiment(client, 'npm-exp-2'));
      expect(duplicate).toMatchObject({ status: 400, data: { error_code: 'RESOURCE_ALREADY_EXISTS' } });
      const unknown = await failure(client.Experiments.get({ experiment_id: '424242' }));
      expect(unknown).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    });

    it("answers the package's calls to routes MLflow no longer has, or never had, with 404", async () => {
      // experiments/list was removed in MLflow 2.0 (the package targets MLflow 1.x): 404, as MLflow 3.
      const list = await failure(client.Experiments.list({ view_type: 'ALL' as never }));
      expect(list.status).toBe(404);
      // Package bug: it posts to `/api/2.0/mlflow/experimentsset-experiment-tag` (missing slash).
      const id: string = (await createExperiment(client, 'tagged')).experiment_id;
      const tag = await failure(
        client.Experiments.setExperimentTag({ experiment_id: id, key: 'k', value: 'v' }),
      );
      expect(tag).toMatchObject({ status: 404, data: { error_code: 'ENDPOINT_NOT_FOUND' } });
    });

    it('runs a run: create, params, metrics, tags, log-batch, history, update, search, delete, restore', async () => {
      const experimentId: string = (await createExperiment(client, 'runs')).experiment_id;
      const created = await client.Runs.create({
        experiment_id: experimentId,
        user_id: 'alice',
        start_time: 1_700_000_000_000,
        tags: [{ key: 'mlflow.runName', value: 'npm-run' }],
      });
      const runId: string = created.run.info.run_id;
      expect(created.run.info).toMatchObject({
        run_id: runId,
        run_uuid: runId,
        experiment_id: experimentId,
        user_id: 'alice',
        status: 'RUNNING',
        start_time: 1_700_000_000_000,
        run_name: 'npm-run',
        artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      });

      expect(await client.Runs.logParameter({ run_id: runId, key: 'alpha', value: '0.5' })).toEqual({});
      expect(
        await client.Runs.logMetric({ run_id: runId, key: 'loss', value: 1.5, timestamp: 1000, step: 0 }),
      ).toEqual({});
      expect(
        await client.Runs.logMetric({ run_id: runId, key: 'loss', value: 0.5, timestamp: 2000, step: 1 }),
      ).toEqual({});
      expect(await client.Runs.setTag({ run_id: runId, key: 'team', value: 'search' })).toEqual({});
      expect(await client.Runs.setTag({ run_id: runId, key: 'temporary', value: 'x' })).toEqual({});
      expect(await client.Runs.deleteTag({ run_id: runId, key: 'temporary' })).toEqual({});
      expect(
        await client.Runs.logBatch({
          run_id: runId,
          metrics: [
            { key: 'accuracy', value: 0.9, timestamp: 3000, step: 2 },
            { key: 'loss', value: 0.25, timestamp: 3000, step: 2 },
          ],
          params: [{ key: 'beta', value: '2' }],
          tags: [{ key: 'stage', value: 'dev' }],
        }),
      ).toEqual({});

      const history = await client.Metrics.getHistory({ run_id: runId, metric_key: 'loss' });
      expect(
        history.metrics.map((point: { value: number; step: number }) => [point.step, point.value]),
      ).toEqual([
        [0, 1.5],
        [1, 0.5],
        [2, 0.25],
      ]);

      const run = (await client.Runs.get({ run_id: runId })).run;
      expect(run.data.params).toEqual(
        expect.arrayContaining([
          { key: 'alpha', value: '0.5' },
          { key: 'beta', value: '2' },
        ]),
      );
      expect(run.data.metrics).toEqual(
        expect.arrayContaining([
          { key: 'loss', value: 0.25, timestamp: 3000, step: 2 },
          { key: 'accuracy', value: 0.9, timestamp: 3000, step: 2 },
        ]),
      );
      const tagKeys = run.data.tags.map((tag: { key: string }) => tag.key);
      expect(tagKeys).toEqual(expect.arrayContaining(['team', 'stage', 'mlflow.runName']));
      expect(tagKeys).not.toContain('temporary');

      const finished = await client.Runs.update({
        run_id: runId,
        status: 'FINISHED' as never,
        end_time: 5000,
      });
      expect(finished.run_info).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: 5000 });

      const other = (
        await client.Runs.create({ experiment_id: experimentId, user_id: 'bob', start_time: 1, tags: [] })
      ).run.info.run_id as string;
      await client.Runs.logMetric({ run_id: other, key: 'loss', value: 0.9, timestamp: 1, step: 0 });
      const searched = await client.Runs.search({
        experiment_ids: [experimentId],
        filter: "metrics.loss < 0.5 AND params.alpha = '0.5'",
        run_view_type: 'ACTIVE_ONLY' as never,
        max_results: 10,
        order_by: ['metrics.loss ASC'],
        page_token: undefined,
      });
      expect(searched.runs.map((found: { info: { run_id: string } }) => found.info.run_id)).toEqual([runId]);
      const paged = await client.Runs.search({
        experiment_ids: [experimentId],
        filter: undefined,
        run_view_type: undefined,
        max_results: 1,
        order_by: ['attributes.start_time ASC'],
        page_token: undefined,
      });
      expect(paged.runs.map((found: { info: { run_id: string } }) => found.info.run_id)).toEqual([other]);
      const rest = await client.Runs.search({
        experiment_ids: [experimentId],
        filter: undefined,
        run_view_type: undefined,
        max_results: 1,
        order_by: ['attributes.start_time ASC'],
        page_token: paged.next_page_token,
      });
      expect(rest.runs.map((found: { info: { run_id: string } }) => found.info.run_id)).toEqual([runId]);

      expect(await client.Runs.delete({ run_id: other })).toEqual({});
      expect((await client.Runs.get({ run_id: other })).run.info.lifecycle_stage).toBe('deleted');
      const deletedOnly = await client.Runs.search({
        experiment_ids: [experimentId],
        filter: undefined,
        run_view_type: 'DELETED_ONLY' as never,
        max_results: undefined,
        order_by: undefined,
        page_token: undefined,
      });
      expect(deletedOnly.runs.map((found: { info: { run_id: string } }) => found.info.run_id)).toEqual([
        other,
      ]);
      expect(await client.Runs.restore({ run_id: other })).toEqual({});
      expect((await client.Runs.get({ run_id: other })).run.info.lifecycle_stage).toBe('active');
    });

    it('gets MLflow errors for refused writes, including where the package itself sends bad values', async () => {
      const experimentId: string = (await createExperiment(client, 'errors')).experiment_id;
      const runId: string = (
        await client.Runs.create({ experiment_id: experimentId, user_id: 'u', start_time: 1, tags: [] })
      ).run.info.run_id;
      await client.Runs.logParameter({ run_id: runId, key: 'p', value: 'one' });
      const overwrite = await failure(client.Runs.logParameter({ run_id: runId, key: 'p', value: 'two' }));
      expect(overwrite).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
      // Package bug: JSON.stringify(NaN) is null, which the server reads as a missing value.
      const nan = await failure(
        client.Runs.logMetric({ run_id: runId, key: 'm', value: Number.NaN, timestamp: 1, step: 0 }),
      );
      expect(nan).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
      expect(nan.data?.message).toContain("Missing value for required parameter 'value'");
      const unknownRun = await failure(client.Runs.get({ run_id: '0'.repeat(32) }));
      expect(unknownRun).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
      const badFilter = await failure(
        client.Runs.search({
          experiment_ids: [experimentId],
          filter: 'metrics.loss <',
          run_view_type: undefined,
          max_results: undefined,
          order_by: undefined,
          page_token: undefined,
        }),
      );
      expect(badFilter).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
      await client.Runs.delete({ run_id: runId });
      const toDeleted = await failure(client.Runs.setTag({ run_id: runId, key: 'k', value: 'v' }));
      expect(toDeleted).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
    });

    it("lists a run's artifacts uploaded through the artifact proxy", async () => {
      const experimentId: string = (await createExperiment(client, 'files')).experiment_id;
      const runId: string = (
        await client.Runs.create({ experiment_id: experimentId, user_id: 'u', start_time: 1, tags: [] })
      ).run.info.run_id;
      for (const file of ['model/MLmodel', 'model/weights.bin', 'notes.txt']) {
        const uploaded = await fetch(
          `${server.url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${file}`,
          { method: 'PUT', body: `content of ${file}` },
        );
        expect(uploaded.status).toBe(200);
      }
      const root = await client.Artifacts.list({ run_id: runId } as { run_id: string; path: string });
      expect(root.root_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
      expect(root.files).toEqual([
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: Buffer.byteLength('content of notes.txt') },
      ]);
      const model = await client.Artifacts.list({ run_id: runId, path: 'model' });
      // The package types `files` as one FileInfo; MLflow answers a list.
      expect((model.files as unknown as { path: string }[]).map((file) => file.path)).toEqual([
        'model/MLmodel',
        'model/weights.bin',
      ]);
      const escape = await failure(client.Artifacts.list({ run_id: runId, path: '../other' }));
      expect(escape).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
    });
  });
}
