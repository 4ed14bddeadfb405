import { MillraceError } from '@millrace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '../src/tracking/mlflow-client.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

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

async function caught(promise: Promise<unknown>): Promise<MillraceError> {
  try {
    await promise;
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MillraceError');
}

describe('MlflowClient: experiments', () => {
  it('creates, reads, renames, tags, deletes and restores an experiment', async () => {
    const id = await client.createExperiment('client-experiments', { tags: { team: 'risk' } });
    expect(id).toMatch(/^\d+$/);
    const experiment = await client.getExperiment(id);
    expect(experiment).toMatchObject({
      experimentId: id,
      name: 'client-experiments',
      artifactLocation: `mlflow-artifacts:/${id}`,
      lifecycleStage: 'active',
      tags: { team: 'risk' },
    });
    expect(experiment.creationTime).toBeGreaterThan(0);
    expect((await client.getExperimentByName('client-experiments'))?.experimentId).toBe(id);
    expect(await client.getExperimentByName('no-such-experiment')).toBeNull();

    await client.renameExperiment(id, 'client-experiments-renamed');
    await client.setExperimentTag(id, 'stage', 'dev');
    await client.deleteExperimentTag(id, 'team');
    expect(await client.getExperiment(id)).toMatchObject({
      name: 'client-experiments-renamed',
      tags: { stage: 'dev' },
    });

    await client.deleteExperiment(id);
    expect((await client.getExperiment(id)).lifecycleStage).toBe('deleted');
    const active = await client.searchExperiments({ filterString: "name LIKE 'client-experiments%'" });
    expect(active.items).toHaveLength(0);
    const deleted = await client.searchExperiments({
      viewType: 'DELETED_ONLY',
      filterString: "name LIKE 'client-%'",
    });
    expect(deleted.items.map((item) => item.experimentId)).toEqual([id]);
    await client.restoreExperiment(id);
    expect((await client.getExperiment(id)).lifecycleStage).toBe('active');
  });

  it("reports the server's error code and message", async () => {
    await client.createExperiment('client-duplicate');
    const duplicate = await caught(client.createExperiment('client-duplicate'));
    expect(duplicate.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
    expect(duplicate.httpStatus).toBe(400);
    expect(duplicate.message).toContain('client-duplicate');
    const missing = await caught(client.getExperiment('987654'));
    expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missing.httpStatus).toBe(404);
  });

  it('pages through experiments with the next page token', async () => {
    for (let index = 0; index < 5; index += 1) await client.createExperiment(`client-page-${index}`);
    const first = await client.searchExperiments({
      maxResults: 3,
      filterString: "name LIKE 'client-page-%'",
      orderBy: ['name ASC'],
    });
    expect(first.items.map((item) => item.name)).toEqual(['client-page-0', 'client-page-1', 'client-page-2']);
    expect(first.nextPageToken).toBeDefined();
    const second = await client.searchExperiments({
      maxResults: 3,
      filterString: "name LIKE 'client-page-%'",
      orderBy: ['name ASC'],
      pageToken: first.nextPageToken,
    });
    expect(second.items.map((item) => item.name)).toEqual(['client-page-3', 'client-page-4']);
    expect(second.nextPageToken).toBeUndefined();
  });
});

describe('MlflowClient: runs', () => {
  it('creates a run, logs params, metrics (NaN and ±Infinity included) and tags, and ends it', async () => {
    const experimentId = await client.createExperiment('client-runs');
    const run = await client.createRun(experimentId, { runName: 'first', tags: { owner: 'me' } });
    const runId = run.info.runId;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.info).toMatchObject({
      runName: 'first',
      status: 'RUNNING',
      experimentId,
      artifactUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
    });

    await client.logParam(runId, 'alpha', 0.5);
    await client.logParam(runId, 'config', { depth: 3 });
    await client.logMetric(runId, 'loss', 1.5, { step: 0, timestamp: 1000 });
    await client.logMetric(runId, 'loss', Number.NaN, { step: 1, timestamp: 2000 });
    await client.logMetric(runId, 'ceiling', Number.POSITIVE_INFINITY, { step: 0, timestamp: 1000 });
    await client.setTag(runId, 'stage', 'dev');
    await client.deleteTag(runId, 'owner');

    const read = await client.getRun(runId);
    expect(read.data.params).toEqual({ alpha: '0.5', config: '{"depth":3}' });
    expect(read.data.metrics.loss).toBeNaN();
    // Sent as the string "Infinity" and read back from the server's "Infinity".
    expect(read.data.metrics.ceiling).toBe(Number.POSITIVE_INFINITY);
    expect(read.data.tags.stage).toBe('dev');
    expect(read.data.tags.owner).toBeUndefined();
    const history = await client.getMetricHistory(runId, 'loss');
    expect(history.map((metric) => [metric.step, metric.value])).toEqual([
      [0, 1.5],
      [1, Number.NaN],
    ]);

    const ended = await client.setTerminated(runId, 'FAILED', 5000);
    expect(ended).toMatchObject({ status: 'FAILED', endTime: 5000 });
    const changedParam = await caught(client.logParam(runId, 'alpha', 0.7));
    expect(changedParam.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(changedParam.message).toContain('Changing param values is not allowed');
  });

  it('splits log-batch into requests within MLflow limits', async () => {
    const experimentId = await client.createExperiment('client-batches');
    const { runId } = (await client.createRun(experimentId)).info;
    const before = server.count('/runs/log-batch');
    const metrics = Array.from({ length: 2500 }, (_, step) => ({
      key: 'm',
      value: step,
      step,
      timestamp: 1,
    }));
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`p${index}`, index]));
    await client.logBatch(runId, { metrics, params, tags: { a: 'b' } });
    // 150 params need 2 requests; 2500 metrics need 3 (the first shares room with 101 params and tags).
    expect(server.count('/runs/log-batch') - before).toBe(3);
    const history = await client.getMetricHistory(runId, 'm');
    expect(history).toHaveLength(2500);
    const run = await client.getRun(runId);
    expect(Object.keys(run.data.params)).toHaveLength(150);
    expect(run.data.tags.a).toBe('b');
    await client.logBatch(runId, {});
    expect(server.count('/runs/log-batch') - before).toBe(3);
  });

  it('searches runs with filters, ordering and pages', async () => {
    const experimentId = await client.createExperiment('client-search');
    for (let index = 0; index < 4; index += 1) {
      const { runId } = (await client.createRun(experimentId, { runName: `run-${index}` })).info;
      await client.logMetric(runId, 'score', index);
    }
    const page = await client.searchRuns([experimentId], {
      filterString: 'metrics.score >= 1',
      orderBy: ['metrics.score DESC'],
      maxResults: 2,
    });
    expect(page.items.map((run) => run.info.runName)).toEqual(['run-3', 'run-2']);
    const rest = await client.searchRuns([experimentId], {
      filterString: 'metrics.score >= 1',
      orderBy: ['metrics.score DESC'],
      maxResults: 2,
      pageToken: page.nextPageToken,
    });
    expect(rest.items.map((run) => run.info.runName)).toEqual(['run-1']);
    const badFilter = await caught(client.searchRuns([experimentId], { filterString: 'metrics.score >> 1' }));
    expect(badFilter.errorCode).toBe('INVALID_PARAMETER_VALUE');
  });

  it('refuses a metric that is not a number before sending it', async () => {
    const error = await caught(client.logMetric('0'.repeat(32), 'flag', true as unknown as number));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain("Metric 'flag'");
  });
});

describe('MlflowClient: model registry', () => {
  it('manages registered models, versions, aliases, stages and tags', async () => {
    const created = await client.createRegisteredModel('client-registry', {
      tags: { team: 'nlp' },
      description: 'first',
    });
    expect(created).toMatchObject({ name: 'client-registry', description: 'first', tags: { team: 'nlp' } });
    const duplicate = await caught(client.createRegisteredModel('client-registry'));
    expect(duplicate.errorCode).toBe('RESOURCE_ALREADY_EXISTS');

    const source = 'mlflow-artifacts:/0/models/m-0123/artifacts';
    const first = await client.createModelVersion('client-registry', source, { tags: { quality: 'ok' } });
    expect(first).toMatchObject({
      name: 'client-registry',
      version: '1',
      status: 'READY',
      source,
      currentStage: 'None',
      tags: { quality: 'ok' },
    });
    const second = await client.createModelVersion('client-registry', source, { description: 'second' });
    expect(second.version).toBe('2');
    expect(await client.getModelVersionDownloadUri('client-registry', 2)).toBe(source);

    await client.setRegisteredModelAlias('client-registry', 'champion', 1);
    expect((await client.getModelVersionByAlias('client-registry', 'champion')).version).toBe('1');
    expect((await client.getRegisteredModel('client-registry')).aliases).toEqual({ champion: '1' });
    await client.deleteRegisteredModelAlias('client-registry', 'champion');
    const unknownAlias = await caught(client.getModelVersionByAlias('client-registry', 'champion'));
    expect(unknownAlias.errorCode).toBe('INVALID_PARAMETER_VALUE');

    const staged = await client.transitionModelVersionStage('client-registry', 2, 'production');
    expect(staged.currentStage).toBe('Production');
    expect(
      (await client.getLatestVersions('client-registry', ['Production'])).map((version) => version.version),
    ).toEqual(['2']);
    expect(
      (await client.getLatestVersions('client-registry')).map((version) => version.version).sort(),
    ).toEqual(['1', '2']);

    await client.setModelVersionTag('client-registry', 1, 'k', 'v');
    await client.deleteModelVersionTag('client-registry', 1, 'quality');
    expect((await client.getModelVersion('client-registry', 1)).tags).toEqual({ k: 'v' });
    expect((await client.updateModelVersion('client-registry', 1, 'changed')).description).toBe('changed');
    await client.setRegisteredModelTag('client-registry', 'owner', 'me');
    await client.deleteRegisteredModelTag('client-registry', 'team');
    expect((await client.updateRegisteredModel('client-registry', 'updated')).description).toBe('updated');
    expect((await client.getRegisteredModel('client-registry')).tags).toEqual({ owner: 'me' });

    const found = await client.searchRegisteredModels({ filterString: "name LIKE 'client-reg%'" });
    expect(found.items.map((model) => model.name)).toEqual(['client-registry']);
    const versions = await client.searchModelVersions({ filterString: "name = 'client-registry'" });
    expect(versions.items.map((version) => version.version).sort()).toEqual(['1', '2']);

    await client.deleteModelVersion('client-registry', 1);
    const deletedVersion = await caught(client.getModelVersion('client-registry', 1));
    expect(deletedVersion.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await client.createModelVersion('client-registry', source)).version).toBe('3');

    const renamed = await client.renameRegisteredModel('client-registry', 'client-registry-renamed');
    expect(renamed.name).toBe('client-registry-renamed');
    await client.deleteRegisteredModel('client-registry-renamed');
    const gone = await caught(client.getRegisteredModel('client-registry-renamed'));
    expect(gone.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(gone.httpStatus).toBe(404);
  });
});

describe('MlflowClient: logged models', () => {
  it('creates a logged model with many params, finalizes, tags, searches and deletes it', async () => {
    const experimentId = await client.createExperiment('client-logged-models');
    const { runId } = (await client.createRun(experimentId)).info;
    const params = Object.fromEntries(Array.from({ length: 130 }, (_, index) => [`p${index}`, index]));
    const created = await client.createLoggedModel(experimentId, {
      name: 'model',
      sourceRunId: runId,
      params,
      tags: { flavor: 'custom' },
      modelType: 'agent',
    });
    expect(created.modelId).toMatch(/^m-/);
    expect(created).toMatchObject({
      experimentId,
      name: 'model',
      sourceRunId: runId,
      status: 'LOGGED_MODEL_PENDING',
      modelType: 'agent',
    });
    expect(created.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/models/${created.modelId}/artifacts`);
    expect(Object.keys(created.params)).toHaveLength(130);

    const ready = await client.finalizeLoggedModel(created.modelId, 'READY');
    expect(ready.status).toBe('LOGGED_MODEL_READY');
    await client.setLoggedModelTags(created.modelId, { stage: 'dev' });
    await client.deleteLoggedModelTag(created.modelId, 'flavor');
    expect((await client.getLoggedModel(created.modelId)).tags).toMatchObject({ stage: 'dev' });
    expect((await client.getLoggedModel(created.modelId)).tags.flavor).toBeUndefined();

    await client.logOutputs(runId, [{ modelId: created.modelId, step: 3 }]);
    expect((await client.getRun(runId)).outputs.modelOutputs).toEqual([
      { modelId: created.modelId, step: 3 },
    ]);

    const search = await client.searchLoggedModels([experimentId], { filterString: "name = 'model'" });
    expect(search.items.map((model) => model.modelId)).toEqual([created.modelId]);
    await client.deleteLoggedModel(created.modelId);
    const deleted = await caught(client.getLoggedModel(created.modelId));
    expect(deleted.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await client.getLoggedModel(created.modelId, { allowDeleted: true })).modelId).toBe(
      created.modelId,
    );
  });
});
