import { MillraceError } from '@millrace/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetTrackingUri, setTrackingUri } from '../src/config/tracking-uri.js';
import { resetActiveExperiment, setExperiment } from '../src/fluent/active-experiment.js';
import { flushMetrics, getFluentClient } from '../src/fluent/fluent-session.js';
import { activeRun, endRun, startRun } from '../src/fluent/run-lifecycle.js';
import {
  getArtifactUri,
  getRun,
  logMetric,
  logMetrics,
  logParam,
  logParams,
  searchRuns,
  setTag,
  setTags,
} from '../src/fluent/run-logging.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

let server: TestTrackingServer;

beforeAll(async () => {
  server = await startTrackingServer();
  setTrackingUri(server.url);
});

afterEach(async () => {
  while (activeRun() !== undefined) await endRun();
  resetActiveExperiment();
});

afterAll(async () => {
  resetTrackingUri();
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

describe('setExperiment', () => {
  it('creates the experiment when missing and reuses it afterwards', async () => {
    const created = await setExperiment('fluent-set-experiment');
    expect(created.name).toBe('fluent-set-experiment');
    const again = await setExperiment('fluent-set-experiment');
    expect(again.experimentId).toBe(created.experimentId);
    const run = await startRun();
    expect(run.info.experimentId).toBe(created.experimentId);
    await endRun();
  });

  it('settles concurrent creations of the same name on one experiment', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => setExperiment('fluent-race')));
    expect(new Set(results.map((experiment) => experiment.experimentId)).size).toBe(1);
    const matching = await getFluentClient().searchExperiments({ filterString: "name = 'fluent-race'" });
    expect(matching.items).toHaveLength(1);
  });

  it('refuses a deleted experiment', async () => {
    const { experimentId } = await setExperiment('fluent-deleted');
    await getFluentClient().deleteExperiment(experimentId);
    const error = await caught(setExperiment('fluent-deleted'));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('deleted');
  });
});

describe('runs', () => {
  it('logs params, metrics and tags to the active run and ends it FINISHED', async () => {
    await setExperiment('fluent-runs');
    const run = await startRun({ runName: 'training', tags: { team: 'nlp' }, description: 'a first run' });
    expect(activeRun()?.info.runId).toBe(run.info.runId);
    expect(run.data.tags).toMatchObject({
      'mlflow.runName': 'training',
      'mlflow.source.type': 'LOCAL',
      'mlflow.note.content': 'a first run',
      team: 'nlp',
    });
    expect(run.data.tags['mlflow.user']).toBeTruthy();
    await logParam('learning_rate', 0.01);
    await logParams({ epochs: 3, optimizer: 'adam' });
    await setTag('stage', 'dev');
    await setTags({ owner: 'me', priority: 1 });
    await logMetric('loss', 0.5, 0);
    await logMetric('loss', 0.25, { step: 1, timestamp: 1_700_000_000_000 });
    await logMetrics({ accuracy: 0.9, f1: 0.8 }, 1);
    expect(getArtifactUri()).toBe(run.info.artifactUri);
    expect(getArtifactUri('model/')).toBe(`${run.info.artifactUri}/model`);
    await endRun();
    expect(activeRun()).toBeUndefined();

    const read = await getRun(run.info.runId);
    expect(read.info.status).toBe('FINISHED');
    expect(read.info.endTime).toBeGreaterThanOrEqual(read.info.startTime);
    expect(read.data.params).toEqual({ learning_rate: '0.01', epochs: '3', optimizer: 'adam' });
    expect(read.data.metrics).toEqual({ loss: 0.25, accuracy: 0.9, f1: 0.8 });
    expect(read.data.tags).toMatchObject({ stage: 'dev', owner: 'me', priority: '1' });
    const history = await getFluentClient().getMetricHistory(run.info.runId, 'loss');
    const byStep = [...history].sort((left, right) => left.step - right.step);
    expect(byStep.map((metric) => [metric.step, metric.timestamp === 1_700_000_000_000])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it('batches metric logging in loops: far fewer requests than logMetric calls', async () => {
    await setExperiment('fluent-batching');
    const run = await startRun();
    const batchesBefore = server.count('/runs/log-batch');
    const singlesBefore = server.count('/runs/log-metric');
    const started = Date.now();
    for (let step = 0; step < 5000; step += 1) {
      await logMetric('loss', 1 / (step + 1), step);
      if (step % 2 === 0) await logMetric('even_steps', step, step);
    }
    const loggingMs = Date.now() - started;
    await endRun();
    const batchRequests = server.count('/runs/log-batch') - batchesBefore;
    expect(server.count('/runs/log-metric') - singlesBefore).toBe(0);
    // 7500 values at most 1000 per log-batch.
    expect(batchRequests).toBeGreaterThanOrEqual(8);
    expect(batchRequests).toBeLessThanOrEqual(12);
    expect(loggingMs).toBeLessThan(5000);
    const history = await getFluentClient().getMetricHistory(run.info.runId, 'loss');
    expect(history).toHaveLength(5000);
    expect(history.at(-1)).toMatchObject({ step: 4999, value: 1 / 5000 });
    expect(await getFluentClient().getMetricHistory(run.info.runId, 'even_steps')).toHaveLength(2500);
  });

  it('refuses a bad metric key when it is logged, not at flush time', async () => {
    await setExperiment('fluent-bad-keys');
    await startRun();
    for (const key of ['not allowed!', '/absolute', 'a//b', '../up', 'x'.repeat(251)]) {
      const error = await caught(logMetric(key, 1));
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    }
    await expect(logMetric('fine/key with:colon-and.dot', 1)).resolves.toBeUndefined();
    await expect(endRun()).resolves.toBeUndefined();
  });

  it('surfaces a metric batch the server refused on endRun', async () => {
    await setExperiment('fluent-flush-errors');
    const run = await startRun();
    await logMetric('fine', 1);
    // The run disappears behind the client's back: the queued batch is refused (400), so is the update.
    await getFluentClient().deleteRun(run.info.runId);
    const error = await endRun().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(AggregateError);
    const [flushError, endError] = (error as AggregateError).errors as MillraceError[];
    expect(flushError?.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(flushError?.message).toContain(run.info.runId);
    expect(endError?.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(activeRun()).toBeUndefined();
  });

  it('flushMetrics sends queued values and reports failures', async () => {
    await setExperiment('fluent-flush');
    const run = await startRun();
    await logMetric('queued', 3);
    expect((await getRun(run.info.runId)).data.metrics.queued).toBeUndefined();
    await flushMetrics();
    expect((await getRun(run.info.runId)).data.metrics.queued).toBe(3);
    await logMetric('lost', 4);
    await getFluentClient().deleteRun(run.info.runId);
    const error = await caught(flushMetrics());
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    // Reported once: the next flush has nothing to report.
    await expect(flushMetrics()).resolves.toBeUndefined();
    await getFluentClient().restoreRun(run.info.runId);
    await endRun();
  });

  it('ends a callback run FINISHED on return, with its result', async () => {
    await setExperiment('fluent-callback');
    let runId = '';
    const result = await startRun({ runName: 'callback' }, async (run) => {
      runId = run.info.runId;
      expect(activeRun()?.info.runId).toBe(runId);
      await logMetric('inside', 1);
      return 42;
    });
    expect(result).toBe(42);
    expect(activeRun()).toBeUndefined();
    const read = await getRun(runId);
    expect(read.info.status).toBe('FINISHED');
    expect(read.data.metrics.inside).toBe(1);
  });

  it('ends a callback run FAILED when the body throws, and rethrows', async () => {
    await setExperiment('fluent-callback-failure');
    let runId = '';
    const boom = new Error('training diverged');
    await expect(
      startRun({}, async (run) => {
        runId = run.info.runId;
        await logMetric('before_failure', 7);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const read = await getRun(runId);
    expect(read.info.status).toBe('FAILED');
    expect(read.data.metrics.before_failure).toBe(7);
  });

  it('gives concurrent callback runs each their own active run', async () => {
    await setExperiment('fluent-concurrent');
    const runIds = await Promise.all(
      ['a', 'b', 'c'].map((name, index) =>
        startRun({ runName: name }, async (run) => {
          for (let step = 0; step < 20; step += 1) {
            await new Promise((resolve) => setTimeout(resolve, (index + 1) % 3));
            expect(activeRun()?.info.runId).toBe(run.info.runId);
            await logMetric('which', index, step);
          }
          return run.info.runId;
        }),
      ),
    );
    for (const [index, runId] of runIds.entries()) {
      const history = await getFluentClient().getMetricHistory(runId, 'which');
      expect(history).toHaveLength(20);
      expect(new Set(history.map((metric) => metric.value))).toEqual(new Set([index]));
    }
  });

  it('starts nested runs only when asked, with the parent tag', async () => {
    await setExperiment('fluent-nested');
    const parent = await startRun({ runName: 'parent' });
    const refused = await caught(startRun());
    expect(refused.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(refused.message).toContain(parent.info.runId);
    const child = await startRun({ runName: 'child', nested: true });
    expect(child.data.tags['mlflow.parentRunId']).toBe(parent.info.runId);
    expect(activeRun()?.info.runId).toBe(child.info.runId);
    await endRun();
    expect(activeRun()?.info.runId).toBe(parent.info.runId);
    await endRun('KILLED');
    expect((await getRun(parent.info.runId)).info.status).toBe('KILLED');
  });

  it('resumes a run by id', async () => {
    await setExperiment('fluent-resume');
    const first = await startRun();
    await endRun();
    const resumed = await startRun({ runId: first.info.runId, tags: { resumed: 'yes' } });
    expect(resumed.info.status).toBe('RUNNING');
    expect(resumed.data.tags.resumed).toBe('yes');
    await endRun();
  });

  it('starts a run when logging without one, as MLflow does', async () => {
    await setExperiment('fluent-auto-start');
    expect(activeRun()).toBeUndefined();
    await logParam('implicit', true);
    const run = activeRun();
    expect(run).toBeDefined();
    await endRun();
    expect((await getRun(run!.info.runId)).data.params.implicit).toBe('true');
  });

  it('getArtifactUri needs an active run', () => {
    expect(() => getArtifactUri('model')).toThrow('needs an active run');
  });

  it('searches the runs of the active experiment', async () => {
    await setExperiment('fluent-search');
    for (const model of ['rf', 'gbm', 'rf']) {
      await startRun({}, async () => {
        await logParam('model', model);
      });
    }
    const runs = await searchRuns({ filterString: "params.model = 'rf'" });
    expect(runs).toHaveLength(2);
    const byName = await searchRuns({ experimentNames: ['fluent-search', 'missing'], maxResults: 1 });
    expect(byName).toHaveLength(1);
  });

  it('uses the tracking URI from MLFLOW_TRACKING_URI when none was set', async () => {
    resetTrackingUri();
    const previous = process.env.MLFLOW_TRACKING_URI;
    try {
      delete process.env.MLFLOW_TRACKING_URI;
      await expect(setExperiment('nowhere')).rejects.toThrow('MLFLOW_TRACKING_URI');
      process.env.MLFLOW_TRACKING_URI = `${server.url}/`;
      expect((await setExperiment('from-environment')).name).toBe('from-environment');
    } finally {
      if (previous === undefined) delete process.env.MLFLOW_TRACKING_URI;
      else process.env.MLFLOW_TRACKING_URI = previous;
      setTrackingUri(server.url);
    }
  });
});
