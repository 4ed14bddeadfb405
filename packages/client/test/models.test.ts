import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError, readMLmodel } from '@millrace/core';
import { saveModel, silentModelLogger } from '@millrace/models';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetTrackingUri, setTrackingUri } from '../src/config/tracking-uri.js';
import { resetActiveExperiment, setExperiment } from '../src/fluent/active-experiment.js';
import { logModel, logModelDirectory, registerModel } from '../src/fluent/fluent-models.js';
import { getFluentClient } from '../src/fluent/fluent-session.js';
import { activeRun, endRun, startRun } from '../src/fluent/run-lifecycle.js';
import { getArtifactUri } from '../src/fluent/run-logging.js';
import { loadModel } from '../src/models/load-model.js';
import { createModelUriResolver } from '../src/models/model-uri-resolver.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

const GREETER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/greeter-model.ts');

let server: TestTrackingServer;
let cacheDirectory: string;
const scratch: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'millrace-client-models-'));
  scratch.push(directory);
  return directory;
}

beforeAll(async () => {
  server = await startTrackingServer();
  setTrackingUri(server.url);
  cacheDirectory = temporaryDirectory();
});

afterEach(async () => {
  while (activeRun() !== undefined) await endRun();
  resetActiveExperiment();
});

afterAll(async () => {
  resetTrackingUri();
  await server?.close();
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
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

/** GET requests for artifact files (not listings). */
function fileDownloads(): number {
  return server.requests.filter(
    (request) => request.method === 'GET' && request.path.startsWith('/api/2.0/mlflow-artifacts/artifacts/'),
  ).length;
}

const load = (uri: string) => loadModel(uri, { cacheDirectory, logger: silentModelLogger });

describe('logModel with registeredModelName, then loadModel', () => {
  let runId = '';
  let modelId = '';

  it('logs the model to the run, registers version 1 and loads it by version', async () => {
    await setExperiment('client-models');
    const info = await startRun({ runName: 'train' }, async (run) => {
      runId = run.info.runId;
      return logModel({
        name: 'greeter',
        code: GREETER,
        inputExample: [{ name: 'Ada' }],
        modelConfig: { greeting: 'Hello' },
        registeredModelName: 'greeter',
        logger: silentModelLogger,
      });
    });
    modelId = info.modelId;
    expect(info.modelUri).toBe(`models:/${info.modelId}`);
    expect(info.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(info.runId).toBe(runId);
    expect(info.loggedModel.status).toBe('LOGGED_MODEL_READY');
    expect(info.loggedModel.sourceRunId).toBe(runId);
    expect(info.artifactUri).toMatch(new RegExp(`/models/${info.modelId}/artifacts$`));
    expect(info.registeredModelVersion).toMatchObject({ name: 'greeter', version: '1', status: 'READY' });
    expect(info.registeredModelVersion?.source).toBe(info.modelUri);

    const model = await load('models:/greeter/1');
    expect(await model.predict([{ name: 'Bob' }])).toEqual(['Hello, Bob!']);
    const mlmodel = await readMLmodel(model.path);
    expect(mlmodel).toMatchObject({ model_id: modelId, run_id: runId, artifact_path: 'greeter' });
    expect(model.signature?.inputs).not.toBeNull();
  });

  it('loads by alias, latest, logged model id and runs:/ URI from one cached copy', async () => {
    const client = getFluentClient();
    await client.setRegisteredModelAlias('greeter', 'champion', 1);
    const byVersion = await load('models:/greeter/1');
    const downloadsBefore = fileDownloads();
    const byAlias = await load('models:/greeter@champion');
    const latest = await load('models:/greeter/latest');
    const byId = await load(`models:/${modelId}`);
    const byRun = await load(`runs:/${runId}/greeter`);
    for (const model of [byAlias, latest, byId, byRun]) {
      expect(model.path).toBe(byVersion.path);
      expect(await model.predict([{ name: 'Cy' }])).toEqual(['Hello, Cy!']);
    }
    // Every URI names the same files: nothing was downloaded again.
    expect(fileDownloads()).toBe(downloadsBefore);
  });

  it('registers a runs:/ URI as the logged model of that name', async () => {
    const version = await registerModel(`runs:/${runId}/greeter`, 'greeter-from-run');
    expect(version).toMatchObject({
      name: 'greeter-from-run',
      version: '1',
      status: 'READY',
      source: `models:/${modelId}`,
      runId,
    });
    const again = await registerModel(`models:/${modelId}`, 'greeter-from-run');
    expect(again.version).toBe('2');
    expect(await (await load('models:/greeter-from-run/2')).predict([{ name: 'Di' }])).toEqual([
      'Hello, Di!',
    ]);
  });

  it('turns unknown models, versions and aliases into clear errors', async () => {
    const missingModel = await caught(load('models:/no-such-model/1'));
    expect(missingModel.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missingModel.message).toContain("Cannot resolve model URI 'models:/no-such-model/1'");

    const missingVersion = await caught(load('models:/greeter/99'));
    expect(missingVersion.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(missingVersion.message).toContain('models:/greeter/99');

    const missingAlias = await caught(load('models:/greeter@nope'));
    expect(missingAlias.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(missingAlias.message).toContain('nope');

    const stage = await caught(load('models:/greeter/Production'));
    expect(stage.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(stage.message).toContain("No versions of model with name 'greeter' and stage 'Production' found");

    const bareName = await caught(load('models:/greeter'));
    expect(bareName.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(bareName.message).toContain('models:/greeter/latest');

    const missingRun = await caught(load(`runs:/${'0'.repeat(32)}/model`));
    expect(missingRun.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');

    const noModel = await caught(load(`runs:/${runId}/not-a-model`));
    expect(noModel.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(noModel.message).toContain("no logged model named 'not-a-model'");

    const malformed = await caught(load('models:/a/b/'));
    expect(malformed.errorCode).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('other ways of logging models', () => {
  it("also puts an artifactPath model in the run's artifacts (MLflow 2 layout)", async () => {
    await setExperiment('client-models-legacy');
    const run = await startRun();
    const info = await logModel({ artifactPath: 'legacy-model', code: GREETER, logger: silentModelLogger });
    const uri = getArtifactUri('legacy-model');
    expect(info.runArtifactUri).toBe(uri);
    const listed = await getFluentClient().listArtifacts(run.info.runId, 'legacy-model');
    expect(listed.map((entry) => entry.path)).toContain('legacy-model/MLmodel');
    await endRun();
    expect(await (await load(uri)).predict([{ name: 'Eve' }])).toEqual(['Hello, Eve!']);
    expect(await (await load(`runs:/${run.info.runId}/legacy-model`)).predict([{ name: 'Fay' }])).toEqual([
      'Hello, Fay!',
    ]);
  });

  it('logs a saved model directory without changing it, and resolves through createModelUriResolver', async () => {
    await setExperiment('client-models-directory');
    const directory = path.join(temporaryDirectory(), 'saved');
    await saveModel({
      path: directory,
      code: GREETER,
      modelConfig: { greeting: 'Hi' },
      logger: silentModelLogger,
    });
    const localMLmodel = readFileSync(path.join(directory, 'MLmodel'), 'utf8');
    const info = await startRun({}, () =>
      logModelDirectory(directory, { name: 'from-directory', registeredModelName: 'from-directory' }),
    );
    expect(readFileSync(path.join(directory, 'MLmodel'), 'utf8')).toBe(localMLmodel);
    expect(info.registeredModelVersion?.version).toBe('1');

    const resolve = createModelUriResolver({ trackingUri: server.url, cacheDirectory });
    const resolved = await resolve('models:/from-directory/1');
    expect((await readMLmodel(resolved)).model_id).toBe(info.modelId);
    expect(await resolve(directory)).toBe(directory);
    expect(await (await load(resolved)).predict([{ name: 'Gus' }])).toEqual(['Hi, Gus!']);
  });

  it('logs a model without a run into the active experiment', async () => {
    const experiment = await setExperiment('client-models-no-run');
    const info = await logModel({ name: 'runless', code: GREETER, logger: silentModelLogger });
    expect(info.runId).toBeUndefined();
    expect(info.loggedModel.experimentId).toBe(experiment.experimentId);
    expect(await (await load(info.modelUri)).predict([{ name: 'Hal' }])).toEqual(['Hello, Hal!']);
  });
});
