import { MillraceError } from '@millrace/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyValue, Metric, Run, TrackingStore } from '../src/index.js';

export interface TrackingStoreFixture {
  store: TrackingStore;
  /** Releases the store's database (and drops it, for temporary databases). */
  close(): Promise<void>;
}

export interface TrackingStoreContractOptions {
  /** Shown in the suite name, e.g. `SQLite` or `PostgreSQL`. */
  name: string;
  /** A fresh, migrated, empty store (only experiment `0`) whose default artifact root is `mlflow-artifacts:/`. */
  createStore: () => Promise<TrackingStoreFixture>;
}

/** Runs `action` and returns the MillraceError it throws (fails if it does not throw one). */
async function failure(action: () => Promise<unknown>): Promise<MillraceError> {
  try {
    await action();
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected the operation to fail.');
}

function metric(key: string, value: number, timestamp: number | bigint, step: number | bigint = 0): Metric {
  return { key, value, timestamp, step };
}

function keyValues(entries: Record<string, string>): KeyValue[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

function names(runs: readonly Run[]): string[] {
  return runs.map((run) => run.info.runName);
}

/**
 * The behaviour every TrackingStore must have (tracking spec §2 and §3), one rule per test. Runs
 * unchanged on every dialect: `runTrackingStoreContract({ name: 'SQLite', createStore })`.
 */
export function runTrackingStoreContract(options: TrackingStoreContractOptions): void {
  describe(`TrackingStore contract (${options.name})`, () => {
    let fixture: TrackingStoreFixture;
    let store: TrackingStore;

    beforeEach(async () => {
      fixture = await options.createStore();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.close();
    });

    async function newRun(
      experimentId: string,
      runName: string,
      startTime = 1_700_000_000_000,
    ): Promise<string> {
      const run = await store.createRun({ experimentId, runName, startTime });
      return run.info.runId;
    }

    describe('experiments', () => {
      it('has the default experiment 0 named Default on a fresh store', async () => {
        const experiment = await store.getExperiment('0');
        expect(experiment).toMatchObject({
          experimentId: '0',
          name: 'Default',
          artifactLocation: 'mlflow-artifacts:/0',
          lifecycleStage: 'active',
          tags: [],
        });
        expect(experiment.creationTime).toBeGreaterThan(0);
      });

      it('gives new experiments decimal ids and the artifact location <root>/<id>', async () => {
        const first = await store.createExperiment({ name: 'first' });
        const second = await store.createExperiment({ name: 'second' });
        expect(first).toBe('1');
        expect(second).toBe('2');
        expect((await store.getExperiment(first)).artifactLocation).toBe('mlflow-artifacts:/1');
      });

      it('keeps an explicit artifact location verbatim and tags in order, empty values included', async () => {
        const id = await store.createExperiment({
          name: 'located',
          artifactLocation: 's3://bucket/exp?x=1',
          tags: keyValues({ team: 'risk', 'with space': 'v 1', empty: '' }),
        });
        const experiment = await store.getExperiment(id);
        expect(experiment.artifactLocation).toBe('s3://bucket/exp?x=1');
        expect(experiment.tags).toEqual(keyValues({ team: 'risk', 'with space': 'v 1', empty: '' }));
        expect(experiment.creationTime).toBe(experiment.lastUpdateTime);
      });

      it('refuses an artifact location with a URL fragment', async () => {
        const error = await failure(() =>
          store.createExperiment({ name: 'fragment', artifactLocation: 's3://b/p#frag' }),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });

      it('refuses a taken name with RESOURCE_ALREADY_EXISTS, also when the holder is deleted', async () => {
        const id = await store.createExperiment({ name: 'taken' });
        expect((await failure(() => store.createExperiment({ name: 'taken' }))).errorCode).toBe(
          'RESOURCE_ALREADY_EXISTS',
        );
        await store.deleteExperiment(id);
        const error = await failure(() => store.createExperiment({ name: 'taken' }));
        expect(error.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        expect(error.httpStatus).toBe(400);
      });

      it('accepts names of up to 500 characters and refuses longer ones', async () => {
        await store.createExperiment({ name: 'n'.repeat(500) });
        const error = await failure(() => store.createExperiment({ name: 'n'.repeat(501) }));
        expect(error.message).toBe("'name' exceeds the maximum length of 500 characters");
      });

      it('answers RESOURCE_DOES_NOT_EXIST for an unknown id and INVALID_PARAMETER_VALUE for a non-integer id', async () => {
        const missing = await failure(() => store.getExperiment('99999'));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(missing.message).toBe('No Experiment with id=99999 exists');
        const invalid = await failure(() => store.getExperiment('abc'));
        expect(invalid.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(invalid.httpStatus).toBe(400);
      });

      it('finds experiments by name, deleted ones too', async () => {
        const id = await store.createExperiment({ name: 'by-name' });
        await store.deleteExperiment(id);
        expect(await store.getExperimentByName('by-name')).toMatchObject({
          experimentId: id,
          lifecycleStage: 'deleted',
        });
        const missing = await failure(() => store.getExperimentByName('nope'));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(missing.message).toBe("Could not find experiment with name 'nope'");
      });

      it('renames an active experiment, frees the old name and bumps last_update_time', async () => {
        const id = await store.createExperiment({ name: 'old-name' });
        const before = await store.getExperiment(id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.renameExperiment(id, 'new-name');
        const after = await store.getExperiment(id);
        expect(after.name).toBe('new-name');
        expect(after.lastUpdateTime).toBeGreaterThan(before.lastUpdateTime);
        await store.createExperiment({ name: 'old-name' });
        await store.renameExperiment(id, 'new-name');
      });

      it('refuses renaming to a taken name or renaming a deleted experiment, with 400s', async () => {
        const id = await store.createExperiment({ name: 'one' });
        await store.createExperiment({ name: 'two' });
        const taken = await failure(() => store.renameExperiment(id, 'two'));
        expect(taken.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        await store.deleteExperiment(id);
        const deleted = await failure(() => store.renameExperiment(id, 'three'));
        expect(deleted.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(deleted.message).toBe('Cannot rename a non-active experiment.');
      });

      it('soft-deletes an experiment with all its runs; deleting it again is not found', async () => {
        const id = await store.createExperiment({ name: 'doomed' });
        const runId = await newRun(id, 'doomed-run');
        await store.deleteExperiment(id);
        expect((await store.getExperiment(id)).lifecycleStage).toBe('deleted');
        expect((await store.getRun(runId)).info.lifecycleStage).toBe('deleted');
        expect((await failure(() => store.deleteExperiment(id))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('restores an experiment and every run of it, individually deleted runs included', async () => {
        const id = await store.createExperiment({ name: 'phoenix' });
        const kept = await newRun(id, 'kept');
        const deletedFirst = await newRun(id, 'deleted-first');
        await store.deleteRun(deletedFirst);
        await store.deleteExperiment(id);
        await store.restoreExperiment(id);
        expect((await store.getExperiment(id)).lifecycleStage).toBe('active');
        expect((await store.getRun(kept)).info.lifecycleStage).toBe('active');
        expect((await store.getRun(deletedFirst)).info.lifecycleStage).toBe('active');
        expect((await failure(() => store.restoreExperiment(id))).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('overwrites experiment tags, deletes them, and says when a tag is missing', async () => {
        const id = await store.createExperiment({ name: 'tagged' });
        await store.setExperimentTag(id, { key: 'owner', value: 'alice' });
        await store.setExperimentTag(id, { key: 'note', value: 'x' });
        await store.setExperimentTag(id, { key: 'owner', value: 'bob' });
        expect((await store.getExperiment(id)).tags).toEqual(keyValues({ owner: 'bob', note: 'x' }));
        await store.deleteExperimentTag(id, 'owner');
        expect((await store.getExperiment(id)).tags).toEqual(keyValues({ note: 'x' }));
        const missing = await failure(() => store.deleteExperimentTag(id, 'owner'));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(missing.message).toBe(`No tag with name: owner in experiment with id ${id}`);
      });

      it('limits experiment tag values to 5000 characters and refuses tags on deleted experiments', async () => {
        const id = await store.createExperiment({ name: 'limits' });
        await store.setExperimentTag(id, { key: 'long', value: 'v'.repeat(5000) });
        const tooLong = await failure(() =>
          store.setExperimentTag(id, { key: 'long', value: 'v'.repeat(5001) }),
        );
        expect(tooLong.message).toBe("'value' exceeds the maximum length of 5000 characters");
        await store.deleteExperiment(id);
        const deleted = await failure(() => store.setExperimentTag(id, { key: 'k', value: 'v' }));
        expect(deleted.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(deleted.message).toBe(
          `The experiment ${id} must be in the 'active' state. Current state is deleted.`,
        );
      });
    });

    describe('search experiments', () => {
      async function seed(): Promise<Record<string, string>> {
        const ids: Record<string, string> = {};
        for (const [name, tags] of [
          ['exp-b', { team: 'risk' }],
          ['exp-a', { team: 'ops' }],
          ['Exp-C', {}],
        ] as const) {
          ids[name] = await store.createExperiment({ name, tags: keyValues(tags) });
        }
        await store.deleteExperiment(ids['Exp-C'] ?? '');
        return ids;
      }

      function experimentNames(page: { items: { name: string }[] }): string[] {
        return page.items.map((experiment) => experiment.name);
      }

      it('returns active experiments newest first by default and honours view_type', async () => {
        await seed();
        expect(experimentNames(await store.searchExperiments({}))).toEqual(['exp-a', 'exp-b', 'Default']);
        expect(experimentNames(await store.searchExperiments({ viewType: 'DELETED_ONLY' }))).toEqual([
          'Exp-C',
        ]);
        expect(experimentNames(await store.searchExperiments({ viewType: 'ALL' }))).toEqual([
          'Exp-C',
          'exp-a',
          'exp-b',
          'Default',
        ]);
      });

      it('filters names with case-sensitive LIKE and case-insensitive ILIKE', async () => {
        await seed();
        const like = await store.searchExperiments({ filter: "name LIKE 'exp-%'", viewType: 'ALL' });
        expect(experimentNames(like)).toEqual(['exp-a', 'exp-b']);
        const ilike = await store.searchExperiments({ filter: "name ILIKE 'EXP-%'", viewType: 'ALL' });
        expect(experimentNames(ilike)).toEqual(['Exp-C', 'exp-a', 'exp-b']);
      });

      it('filters by tags (=, !=, LIKE, IS NULL, IS NOT NULL) and times', async () => {
        await seed();
        expect(experimentNames(await store.searchExperiments({ filter: "tags.team = 'risk'" }))).toEqual([
          'exp-b',
        ]);
        expect(experimentNames(await store.searchExperiments({ filter: "tags.team != 'risk'" }))).toEqual([
          'exp-a',
        ]);
        expect(experimentNames(await store.searchExperiments({ filter: "tag.team LIKE 'o%'" }))).toEqual([
          'exp-a',
        ]);
        expect(experimentNames(await store.searchExperiments({ filter: 'tags.team IS NULL' }))).toEqual([
          'Default',
        ]);
        expect(experimentNames(await store.searchExperiments({ filter: 'tags.team IS NOT NULL' }))).toEqual([
          'exp-a',
          'exp-b',
        ]);
        expect(experimentNames(await store.searchExperiments({ filter: 'creation_time < 0' }))).toEqual([]);
        expect(
          experimentNames(
            await store.searchExperiments({ filter: "name = 'exp-a' and last_update_time > 0" }),
          ),
        ).toEqual(['exp-a']);
      });

      it('orders by name (byte-wise), experiment_id and times', async () => {
        await seed();
        const byName = await store.searchExperiments({ orderBy: ['name ASC'], viewType: 'ALL' });
        expect(experimentNames(byName)).toEqual(['Default', 'Exp-C', 'exp-a', 'exp-b']);
        const byId = await store.searchExperiments({ orderBy: ['experiment_id DESC'] });
        expect(experimentNames(byId)).toEqual(['exp-a', 'exp-b', 'Default']);
        const oldestFirst = await store.searchExperiments({ orderBy: ['creation_time'] });
        expect(experimentNames(oldestFirst)).toEqual(['Default', 'exp-b', 'exp-a']);
      });

      it('pages with tokens only while more experiments exist', async () => {
        await seed();
        const first = await store.searchExperiments({ maxResults: 2, orderBy: ['name ASC'] });
        expect(experimentNames(first)).toEqual(['Default', 'exp-a']);
        expect(first.nextPageToken).toBeDefined();
        const second = await store.searchExperiments({
          maxResults: 2,
          orderBy: ['name ASC'],
          pageToken: first.nextPageToken,
        });
        expect(experimentNames(second)).toEqual(['exp-b']);
        expect(second.nextPageToken).toBeUndefined();
      });

      it('refuses bad max_results, page tokens, filters and order_by', async () => {
        for (const query of [
          { maxResults: 0 },
          { maxResults: 50001 },
          { pageToken: 'not-a-token' },
          { filter: "name = 'a' OR name = 'b'" },
          { filter: "owner = 'alice'" },
          { filter: "creation_time > '0'" },
          { orderBy: ['tags.team ASC'] },
          { orderBy: ['name SIDEWAYS'] },
        ]) {
          const error = await failure(() => store.searchExperiments(query));
          expect(error.errorCode, JSON.stringify(query)).toBe('INVALID_PARAMETER_VALUE');
        }
      });
    });

    describe('runs', () => {
      it('creates RUNNING runs with a 32-hex id, the artifact URI and the mlflow.runName tag', async () => {
        const experimentId = await store.createExperiment({ name: 'runs' });
        const run = await store.createRun({ experimentId, userId: 'alice', startTime: 1_700_000_000_000 });
        expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
        expect(run.info.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
        expect(run.info).toMatchObject({
          experimentId,
          userId: 'alice',
          status: 'RUNNING',
          startTime: 1_700_000_000_000,
          lifecycleStage: 'active',
          artifactUri: `mlflow-artifacts:/${experimentId}/${run.info.runId}/artifacts`,
        });
        expect(run.info.endTime).toBeUndefined();
        expect(run.data.tags).toEqual([{ key: 'mlflow.runName', value: run.info.runName }]);
        expect(await store.getRun(run.info.runId)).toEqual(run);
      });

      it('takes the run name from the mlflow.runName tag and refuses a different run_name', async () => {
        const fromTag = await store.createRun({
          experimentId: '0',
          tags: keyValues({ 'mlflow.runName': 'from-tag' }),
        });
        expect(fromTag.info.runName).toBe('from-tag');
        const error = await failure(() =>
          store.createRun({
            experimentId: '0',
            runName: 'one',
            tags: keyValues({ 'mlflow.runName': 'two' }),
          }),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });

      it('creates runs in experiment 0 when none is given and refuses unknown or deleted experiments', async () => {
        expect((await store.createRun({ runName: 'default' })).info.experimentId).toBe('0');
        expect((await failure(() => store.createRun({ experimentId: '99999' }))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        const id = await store.createExperiment({ name: 'gone' });
        await store.deleteExperiment(id);
        const deleted = await failure(() => store.createRun({ experimentId: id }));
        expect(deleted.message).toBe(
          `The experiment ${id} must be in the 'active' state. Current state is deleted.`,
        );
      });

      it('answers RESOURCE_DOES_NOT_EXIST for unknown runs', async () => {
        const error = await failure(() => store.getRun('0123456789abcdef0123456789abcdef'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.message).toBe('Run with id=0123456789abcdef0123456789abcdef not found');
      });

      it('updates only the given fields, allows any status change, and renames through the tag', async () => {
        const runId = await newRun('0', 'before');
        expect(
          await store.updateRun(runId, { status: 'FINISHED', endTime: 1_700_000_060_000 }),
        ).toMatchObject({
          status: 'FINISHED',
          endTime: 1_700_000_060_000,
          runName: 'before',
        });
        expect((await store.updateRun(runId, { status: 'RUNNING' })).endTime).toBe(1_700_000_060_000);
        await store.updateRun(runId, { runName: 'after' });
        const run = await store.getRun(runId);
        expect(run.info.runName).toBe('after');
        expect(run.data.tags).toEqual([{ key: 'mlflow.runName', value: 'after' }]);
      });

      it('soft-deletes and restores runs; deleting twice and restoring an active run are fine', async () => {
        const runId = await newRun('0', 'flip');
        await store.deleteRun(runId);
        await store.deleteRun(runId);
        expect((await store.getRun(runId)).info.lifecycleStage).toBe('deleted');
        await store.restoreRun(runId);
        await store.restoreRun(runId);
        expect((await store.getRun(runId)).info.lifecycleStage).toBe('active');
        expect((await failure(() => store.deleteRun('0123456789abcdef0123456789abcdef'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('refuses every write to a deleted run', async () => {
        const runId = await newRun('0', 'deleted');
        await store.setTag(runId, { key: 'present', value: '1' });
        await store.deleteRun(runId);
        const writes: Array<() => Promise<unknown>> = [
          () => store.logMetric(runId, metric('m', 1, 1)),
          () => store.logParam(runId, { key: 'p', value: '1' }),
          () => store.setTag(runId, { key: 't', value: '1' }),
          () => store.deleteTag(runId, 'present'),
          () => store.logBatch(runId, { tags: keyValues({ t: '1' }) }),
          () => store.updateRun(runId, { status: 'FINISHED' }),
          () =>
            store.logInputs(runId, {
              datasets: [
                { dataset: { name: 'd', digest: 'x', sourceType: 'local', source: '{}' }, tags: [] },
              ],
            }),
        ];
        for (const write of writes) {
          const error = await failure(write);
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
          expect(error.message).toBe(
            `The run ${runId} must be in the 'active' state. Current state is deleted.`,
          );
        }
      });
    });

    describe('params, tags and metrics', () => {
      it('keeps params write-once: the same value again is fine, another is refused', async () => {
        const runId = await newRun('0', 'params');
        await store.logParam(runId, { key: 'alpha', value: '0.5' });
        await store.logParam(runId, { key: 'alpha', value: '0.5' });
        const error = await failure(() => store.logParam(runId, { key: 'alpha', value: '0.7' }));
        expect(error.message).toBe(
          `Changing param values is not allowed. Param with key='alpha' was already logged with value='0.5' for run ID='${runId}'. Attempted logging new value '0.7'.`,
        );
        expect((await store.getRun(runId)).data.params).toEqual(keyValues({ alpha: '0.5' }));
      });

      it('truncates param values to 6000 and run tag values to 8000 characters', async () => {
        const runId = await newRun('0', 'truncation');
        await store.logParam(runId, { key: 'long', value: 'p'.repeat(6001) });
        await store.setTag(runId, { key: 'long', value: 't'.repeat(8001) });
        const { data } = await store.getRun(runId);
        expect(data.params[0]?.value).toHaveLength(6000);
        expect(data.tags.find((tag) => tag.key === 'long')?.value).toHaveLength(8000);
      });

      it('checks metric, param and tag keys: characters, path safety and length', async () => {
        const runId = await newRun('0', 'keys');
        await store.setTag(runId, { key: 'a/b.c-d_e f:g', value: 'ok' });
        await store.setTag(runId, { key: 'k'.repeat(250), value: 'ok' });
        const badCharacters = await failure(() => store.setTag(runId, { key: 'bad*key', value: 'x' }));
        expect(badCharacters.message).toMatch(
          /^Invalid value "bad\*key" for parameter 'key' supplied: Names may only contain/,
        );
        const escaping = await failure(() => store.setTag(runId, { key: '../escape', value: 'x' }));
        expect(escaping.message).toMatch(/This name would resolve to '\.\.\/escape'$/);
        expect((await failure(() => store.setTag(runId, { key: '/abs', value: 'x' }))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
        const longTag = await failure(() => store.setTag(runId, { key: 'k'.repeat(251), value: 'x' }));
        expect(longTag.message).toBe("'key' exceeds the maximum length of 250 characters");
        const longParam = await failure(() => store.logParam(runId, { key: 'k'.repeat(251), value: 'x' }));
        expect(longParam.message).toBe("'Param key' exceeds the maximum length of 250 characters");
        const metricKey = await failure(() => store.logMetric(runId, metric('bad!key', 1, 1)));
        expect(metricKey.message).toMatch(/for parameter 'name' supplied/);
        const longMetric = await failure(() => store.logMetric(runId, metric('k'.repeat(251), 1, 1)));
        expect(longMetric.message).toBe("'Metric name' exceeds the maximum length of 250 characters");
      });

      it('overwrites run tags, renames the run through mlflow.runName, and deletes tags', async () => {
        const runId = await newRun('0', 'tags');
        await store.setTag(runId, { key: 'stage', value: 'dev' });
        await store.setTag(runId, { key: 'stage', value: 'prod' });
        await store.setTag(runId, { key: 'mlflow.runName', value: 'renamed' });
        let run = await store.getRun(runId);
        expect(run.info.runName).toBe('renamed');
        expect(run.data.tags).toEqual(keyValues({ 'mlflow.runName': 'renamed', stage: 'prod' }));
        await store.deleteTag(runId, 'stage');
        run = await store.getRun(runId);
        expect(run.data.tags).toEqual(keyValues({ 'mlflow.runName': 'renamed' }));
        const missing = await failure(() => store.deleteTag(runId, 'stage'));
        expect(missing.message).toBe(`No tag with name: stage in run with id ${runId}`);
      });

      it('keeps the latest value per key by (step, timestamp), not by logging order', async () => {
        const runId = await newRun('0', 'latest');
        await store.logMetric(runId, metric('loss', 0.5, 1000, 5));
        await store.logMetric(runId, metric('loss', 0.9, 3000, 1));
        await store.logMetric(runId, metric('loss', 0.4, 2000, 5));
        await store.logMetric(runId, metric('acc', 0.1, 1, 0));
        expect((await store.getRun(runId)).data.metrics).toEqual([
          metric('loss', 0.4, 2000, 5),
          metric('acc', 0.1, 1, 0),
        ]);
      });

      it('stores each identical point once and orders history by timestamp, step, value', async () => {
        const runId = await newRun('0', 'history');
        await store.logMetric(runId, metric('loss', 0.3, 3, 2));
        await store.logMetric(runId, metric('loss', 0.5, 1, 0));
        await store.logMetric(runId, metric('loss', 0.3, 3, 2));
        await store.logMetric(runId, metric('loss', 0.1, 3, 1));
        const history = await store.getMetricHistory(runId, 'loss');
        expect(history.items).toEqual([
          metric('loss', 0.5, 1, 0),
          metric('loss', 0.1, 3, 1),
          metric('loss', 0.3, 3, 2),
        ]);
        expect(history.nextPageToken).toBeUndefined();
      });

      it('pages history with max_results and returns nothing for unknown runs or keys', async () => {
        const runId = await newRun('0', 'paged');
        await store.logBatch(runId, {
          metrics: [0, 1, 2].map((step) => metric('m', step, 1000 + step, step)),
        });
        const first = await store.getMetricHistory(runId, 'm', { maxResults: 2 });
        expect(first.items.map((point) => point.step)).toEqual([0, 1]);
        const second = await store.getMetricHistory(runId, 'm', {
          maxResults: 2,
          pageToken: first.nextPageToken,
        });
        expect(second.items.map((point) => point.step)).toEqual([2]);
        expect(second.nextPageToken).toBeUndefined();
        expect((await store.getMetricHistory(runId, 'm', { maxResults: 3 })).nextPageToken).toBeUndefined();
        expect((await store.getMetricHistory(runId, 'nope')).items).toEqual([]);
        expect((await store.getMetricHistory('0123456789abcdef0123456789abcdef', 'm')).items).toEqual([]);
      });

      it('stores and returns NaN and ±Infinity metric values', async () => {
        const runId = await newRun('0', 'non-finite');
        await store.logMetric(runId, metric('nan', Number.NaN, 1));
        await store.logMetric(runId, metric('inf', Number.POSITIVE_INFINITY, 1));
        await store.logMetric(runId, metric('ninf', Number.NEGATIVE_INFINITY, 1));
        await store.logMetric(runId, metric('max', Number.MAX_VALUE, 1));
        await store.logBatch(runId, {
          metrics: [metric('tiny', 5e-324, 1), metric('precise', 0.1 + 0.2, 1), metric('neg', -1.5e-7, 1)],
        });
        const values = Object.fromEntries(
          (await store.getRun(runId)).data.metrics.map((point) => [point.key, point.value]),
        );
        expect(values).toEqual({
          nan: Number.NaN,
          inf: Infinity,
          ninf: -Infinity,
          max: Number.MAX_VALUE,
          tiny: 5e-324,
          precise: 0.1 + 0.2,
          neg: -1.5e-7,
        });
        expect((await store.getMetricHistory(runId, 'nan')).items[0]?.value).toBeNaN();
      });

      it('keeps int64 steps and timestamps beyond 2^53 exact', async () => {
        const runId = await newRun('0', 'int64');
        await store.logMetric(runId, metric('big', 1, 9_007_199_254_740_993n, 9_223_372_036_854_775_807n));
        await store.logMetric(runId, metric('negative', 2, 1, -5));
        const [point] = (await store.getMetricHistory(runId, 'big')).items;
        expect(point?.timestamp).toBe(9_007_199_254_740_993n);
        expect(point?.step).toBe(9_223_372_036_854_775_807n);
        expect((await store.getMetricHistory(runId, 'negative')).items[0]?.step).toBe(-5);
      });

      it('commits concurrent log-metric calls independently: refused runs do not affect the others', async () => {
        const active = await newRun('0', 'active');
        const deleted = await newRun('0', 'deleted');
        await store.deleteRun(deleted);
        const missing = '0123456789abcdef0123456789abcdef';
        const outcomes = await Promise.allSettled(
          Array.from({ length: 30 }, (_, step) =>
            store.logMetric(
              [active, deleted, missing][step % 3] ?? active,
              metric('loss', step / 10, 1000 + step, step),
            ),
          ),
        );
        const codes = outcomes.map((outcome) =>
          outcome.status === 'fulfilled'
            ? 'ok'
            : MillraceError.isInstance(outcome.reason)
              ? outcome.reason.errorCode
              : 'other',
        );
        expect(codes).toEqual(
          Array.from(
            { length: 30 },
            (_, step) => ['ok', 'INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'][step % 3],
          ),
        );
        const history = await store.getMetricHistory(active, 'loss');
        expect(history.items.map((point) => point.step)).toEqual(
          Array.from({ length: 10 }, (_, index) => index * 3),
        );
        expect((await store.getRun(active)).data.metrics).toEqual([metric('loss', 2.7, 1027, 27)]);
        expect((await store.getMetricHistory(deleted, 'loss')).items).toEqual([]);
      });

      it('refuses negative metric timestamps', async () => {
        const runId = await newRun('0', 'timestamps');
        const error = await failure(() => store.logMetric(runId, metric('m', 1, -1)));
        expect(error.message).toMatch(
          /^Invalid value -1 for parameter 'timestamp' supplied: metric 'm' \(value=1\.0\)/,
        );
      });
    });

    describe('log-batch', () => {
      it('writes params, metrics and tags; for a repeated tag key the last value wins', async () => {
        const runId = await newRun('0', 'batch');
        await store.logBatch(runId, {
          metrics: [metric('acc', 0.8, 1, 1), metric('acc', Number.NaN, 2, 2), metric('acc', 0.85, 3, 3)],
          params: keyValues({ lr: '0.01' }),
          tags: [
            { key: 'batch', value: 'first' },
            { key: 'batch', value: 'second' },
          ],
        });
        const { data } = await store.getRun(runId);
        expect(data.metrics).toEqual([metric('acc', 0.85, 3, 3)]);
        expect(data.params).toEqual(keyValues({ lr: '0.01' }));
        expect(data.tags).toEqual(keyValues({ 'mlflow.runName': 'batch', batch: 'second' }));
        expect((await store.getMetricHistory(runId, 'acc')).items).toHaveLength(3);
      });

      it('checks limits before writing anything', async () => {
        const runId = await newRun('0', 'limits');
        const points = (count: number, key: string) =>
          Array.from({ length: count }, (_, index) => metric(key, index, 1000 + index, index));
        await store.logBatch(runId, { metrics: points(1000, 'exactly') });
        const cases = [
          { batch: { metrics: points(1001, 'over') }, message: /at most 1000 metrics\. Got 1001 metrics/ },
          {
            batch: { params: Array.from({ length: 101 }, (_, index) => ({ key: `q${index}`, value: '1' })) },
            message: /at most 100 params\. Got 101 params/,
          },
          {
            batch: { tags: Array.from({ length: 101 }, (_, index) => ({ key: `u${index}`, value: '1' })) },
            message: /at most 100 tags\. Got 101 tags/,
          },
          {
            batch: {
              metrics: points(900, 'total'),
              params: Array.from({ length: 100 }, (_, index) => ({ key: `r${index}`, value: '1' })),
              tags: keyValues({ one: 'more' }),
            },
            message: /at most 1000 metrics, params, and tags\. Got 1001/,
          },
        ];
        for (const { batch, message } of cases) {
          const error = await failure(() => store.logBatch(runId, batch));
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
          expect(error.message).toMatch(message);
        }
        const { data } = await store.getRun(runId);
        expect(data.metrics.map((point) => point.key)).toEqual(['exactly']);
        expect(data.params).toEqual([]);
        expect(data.tags).toEqual(keyValues({ 'mlflow.runName': 'limits' }));
        expect((await store.getMetricHistory(runId, 'total')).items).toEqual([]);
      });

      it('refuses duplicate param keys in one batch, even with equal values', async () => {
        const runId = await newRun('0', 'duplicates');
        const error = await failure(() =>
          store.logBatch(runId, {
            params: [
              { key: 'dup', value: '1' },
              { key: 'dup', value: '1' },
            ],
          }),
        );
        expect(error.message).toBe(
          "Duplicate parameter keys have been submitted: ['dup']. Please ensure the request contains only one param value per param key.",
        );
      });

      it('writes nothing when a param of the batch would change: no params, metrics or tags', async () => {
        const runId = await newRun('0', 'conflict');
        await store.logBatch(runId, { params: keyValues({ p000: '0', p001: '1' }) });
        const error = await failure(() =>
          store.logBatch(runId, {
            params: keyValues({ p000: 'changed', p001: 'changed-too', fresh: 'x' }),
            metrics: [metric('m', 1, 1)],
            tags: keyValues({ t: 'v' }),
          }),
        );
        expect(error.message).toBe(
          `Changing param values is not allowed. Params were already logged='[{'key': 'p000', 'old_value': '0', 'new_value': 'changed'}, {'key': 'p001', 'old_value': '1', 'new_value': 'changed-too'}]' for run ID='${runId}'.`,
        );
        const { data } = await store.getRun(runId);
        expect(data.params).toEqual(keyValues({ p000: '0', p001: '1' }));
        expect(data.metrics).toEqual([]);
        expect(data.tags).toEqual(keyValues({ 'mlflow.runName': 'conflict' }));
        await store.logBatch(runId, { params: keyValues({ p000: '0' }) });
      });

      it('refuses a batch of metrics only to a deleted or unknown run, writing nothing', async () => {
        const runId = await newRun('0', 'metrics-only');
        await store.deleteRun(runId);
        const points = { metrics: [metric('m', 1, 1, 0), metric('m', 2, 2, 1)] };
        const deleted = await failure(() => store.logBatch(runId, points));
        expect(deleted.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(deleted.message).toBe(
          `The run ${runId} must be in the 'active' state. Current state is deleted.`,
        );
        const missing = '0123456789abcdef0123456789abcdef';
        const unknown = await failure(() => store.logBatch(missing, points));
        expect(unknown.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(unknown.message).toBe(`Run with id=${missing} not found`);
        await store.restoreRun(runId);
        expect((await store.getRun(runId)).data.metrics).toEqual([]);
        expect((await store.getMetricHistory(runId, 'm')).items).toEqual([]);
        await store.logBatch(runId, points);
        expect((await store.getRun(runId)).data.metrics).toEqual([metric('m', 2, 2, 1)]);
      });

      it('names the offending entity in validation messages', async () => {
        const runId = await newRun('0', 'labels');
        const error = await failure(() =>
          store.logBatch(runId, { metrics: [metric('ok', 1, 1), metric('bad*key', 1, 1)] }),
        );
        expect(error.message).toMatch(/for parameter 'metrics\[1\]\.name' supplied/);
      });
    });

    describe('inputs', () => {
      it('records a dataset input once per run, with its tags, in order', async () => {
        const runId = await newRun('0', 'inputs');
        const iris = {
          dataset: {
            name: 'iris',
            digest: 'abc123',
            sourceType: 'local',
            source: '{"uri": "iris.csv"}',
            schema: '{}',
            profile: '{"rows": 150}',
          },
          tags: keyValues({ 'mlflow.data.context': 'training' }),
        };
        await store.logInputs(runId, { datasets: [iris] });
        await store.logInputs(runId, { datasets: [iris] });
        await store.logInputs(runId, {
          datasets: [
            {
              dataset: { name: 'eval', digest: 'def456', sourceType: 'http', source: '{}' },
              tags: keyValues({ 'mlflow.data.context': 'eval' }),
            },
          ],
        });
        const { inputs } = await store.getRun(runId);
        expect(inputs.datasetInputs).toEqual([
          iris,
          {
            dataset: { name: 'eval', digest: 'def456', sourceType: 'http', source: '{}' },
            tags: keyValues({ 'mlflow.data.context': 'eval' }),
          },
        ]);
      });

      it('limits dataset digests to 36 characters', async () => {
        const runId = await newRun('0', 'digest');
        const error = await failure(() =>
          store.logInputs(runId, {
            datasets: [
              { dataset: { name: 'd', digest: 'd'.repeat(37), sourceType: 'local', source: '{}' }, tags: [] },
            ],
          }),
        );
        expect(error.message).toBe("'digest' exceeds the maximum length of 36 characters");
      });
    });

    describe('search runs', () => {
      interface Seeded {
        experimentId: string;
        otherExperimentId: string;
        ids: Record<string, string>;
      }

      async function seed(): Promise<Seeded> {
        const experimentId = await store.createExperiment({ name: 'search' });
        const otherExperimentId = await store.createExperiment({ name: 'search-2' });
        const ids: Record<string, string> = {};
        const create = async (
          name: string,
          startTime: number,
          userId: string,
          tags: Record<string, string>,
          experiment = experimentId,
        ) => {
          const run = await store.createRun({
            experimentId: experiment,
            runName: name,
            startTime,
            userId,
            tags: keyValues(tags),
          });
          ids[name] = run.info.runId;
          return run.info.runId;
        };
        const alpha = await create('alpha', 1_000, 'alice', { team: 'risk', 'with space': 'x' });
        await store.logBatch(alpha, {
          metrics: [metric('rmse', 0.5, 1, 0), metric('rmse', 0.4, 2, 1), metric('acc', 0.9, 1, 0)],
          params: keyValues({ model: 'rf', depth: '5' }),
        });
        await store.logInputs(alpha, {
          datasets: [
            {
              dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{}' },
              tags: keyValues({ 'mlflow.data.context': 'training' }),
            },
          ],
        });
        await store.updateRun(alpha, { status: 'FINISHED', endTime: 60_000 });
        const beta = await create('beta', 2_000, 'bob', { team: 'Risk' });
        await store.logBatch(beta, {
          metrics: [metric('rmse', 0.7, 1, 0), metric('acc', Number.NaN, 1, 0)],
          params: keyValues({ model: 'xgb', depth: '10' }),
        });
        const gamma = await create('gamma', 3_000, 'alice', { team: 'ops', 'with space': 'y' });
        await store.logBatch(gamma, {
          metrics: [metric('rmse', 0.3, 1, 0), metric('loss', Infinity, 1, 0)],
          params: keyValues({ model: 'rf' }),
        });
        await store.updateRun(gamma, { status: 'FAILED', endTime: 260_000 });
        const delta = await create('Delta_run', 4_000, 'bob', {});
        await store.updateRun(delta, { status: 'KILLED', endTime: 301_000 });
        const epsilon = await create('epsilon', 5_000, 'carol', {});
        await store.deleteRun(epsilon);
        const zeta = await create('zeta', 1_500, 'alice', { team: 'risk' }, otherExperimentId);
        await store.logBatch(zeta, {
          metrics: [metric('rmse', 0.6, 1, 0)],
          params: keyValues({ model: 'lr' }),
        });
        return { experimentId, otherExperimentId, ids };
      }

      async function search(experimentId: string, filter?: string, orderBy?: string[]): Promise<string[]> {
        return names((await store.searchRuns({ experimentIds: [experimentId], filter, orderBy })).items);
      }

      it('returns active runs, start_time DESC by default, with their data', async () => {
        const { experimentId } = await seed();
        const page = await store.searchRuns({ experimentIds: [experimentId] });
        expect(names(page.items)).toEqual(['Delta_run', 'gamma', 'beta', 'alpha']);
        expect(page.nextPageToken).toBeUndefined();
        const alpha = page.items[3];
        expect(alpha?.data.metrics).toEqual([metric('rmse', 0.4, 2, 1), metric('acc', 0.9, 1, 0)]);
        expect(alpha?.data.params).toEqual(keyValues({ model: 'rf', depth: '5' }));
        expect(alpha?.inputs.datasetInputs.map((input) => input.dataset.name)).toEqual(['iris']);
      });

      it('compares the latest metric value; missing metrics never match; NaN matches != only', async () => {
        const { experimentId } = await seed();
        expect(await search(experimentId, 'metrics.rmse < 0.5')).toEqual(['gamma', 'alpha']);
        expect(await search(experimentId, 'metric.rmse >= 0.7')).toEqual(['beta']);
        expect(await search(experimentId, 'metrics.rmse != 0.4')).toEqual(['gamma', 'beta']);
        expect(await search(experimentId, 'metrics.acc > 0')).toEqual(['alpha']);
        expect(await search(experimentId, 'metrics.acc = 0')).toEqual([]);
        expect(await search(experimentId, 'metrics.acc != 0.9')).toEqual(['beta']);
        expect(await search(experimentId, 'metrics.loss > 1e300')).toEqual(['gamma']);
        expect(await search(experimentId, 'metrics.`rmse` < 1')).toEqual(['gamma', 'beta', 'alpha']);
      });

      it('filters params and tags with = != LIKE ILIKE IS NULL IS NOT NULL', async () => {
        const { experimentId } = await seed();
        expect(await search(experimentId, "params.model = 'rf'")).toEqual(['gamma', 'alpha']);
        expect(await search(experimentId, "param.model != 'rf'")).toEqual(['beta']);
        expect(await search(experimentId, "params.model LIKE 'x%'")).toEqual(['beta']);
        expect(await search(experimentId, "params.model ILIKE 'RF'")).toEqual(['gamma', 'alpha']);
        expect(await search(experimentId, 'params.model IS NULL')).toEqual(['Delta_run']);
        expect(await search(experimentId, 'parameters.depth IS NOT NULL')).toEqual(['beta', 'alpha']);
        expect(await search(experimentId, "tags.team LIKE 'R%'")).toEqual(['beta']);
        expect(await search(experimentId, "tag.team ILIKE 'risk'")).toEqual(['beta', 'alpha']);
        expect(await search(experimentId, "tags.team != 'risk'")).toEqual(['gamma', 'beta']);
        expect(await search(experimentId, "tags.`with space` = 'x'")).toEqual(['alpha']);
        expect(await search(experimentId, 'tags."with space" = \'y\'')).toEqual(['gamma']);
        expect(await search(experimentId, "tags.`mlflow.runName` = 'beta'")).toEqual(['beta']);
      });

      it('filters attributes: names, status, user, times, run_id IN / NOT IN', async () => {
        const { experimentId, ids } = await seed();
        expect(await search(experimentId, "run_name = 'alpha'")).toEqual(['alpha']);
        expect(await search(experimentId, "attributes.`Run name` = 'alpha'")).toEqual(['alpha']);
        expect(await search(experimentId, "run_name LIKE 'delta%'")).toEqual([]);
        expect(await search(experimentId, "run_name ILIKE 'DELTA%'")).toEqual(['Delta_run']);
        expect(await search(experimentId, "run.run_name LIKE '%a'")).toEqual(['gamma', 'beta', 'alpha']);
        expect(await search(experimentId, "status = 'FINISHED'")).toEqual(['alpha']);
        expect(await search(experimentId, "attributes.status != 'RUNNING'")).toEqual([
          'Delta_run',
          'gamma',
          'alpha',
        ]);
        expect(await search(experimentId, "attributes.user_id = 'alice'")).toEqual(['gamma', 'alpha']);
        expect(await search(experimentId, 'start_time > 2000')).toEqual(['Delta_run', 'gamma']);
        expect(await search(experimentId, 'created >= 3000')).toEqual(['Delta_run', 'gamma']);
        expect(await search(experimentId, 'end_time < 270000')).toEqual(['gamma', 'alpha']);
        expect(await search(experimentId, `attributes.run_id IN ('${ids.alpha}', '${ids.beta}')`)).toEqual([
          'beta',
          'alpha',
        ]);
        expect(await search(experimentId, `run_id NOT IN ('${ids.alpha}', '${ids.beta}')`)).toEqual([
          'Delta_run',
          'gamma',
        ]);
        expect(await search(experimentId, `run_id IN ('${(ids.alpha ?? '').toUpperCase()}')`)).toEqual([]);
        expect(await search(experimentId, `artifact_uri LIKE '%${ids.beta}%'`)).toEqual(['beta']);
      });

      it('filters datasets by name, digest and context', async () => {
        const { experimentId } = await seed();
        expect(await search(experimentId, "dataset.name = 'iris'")).toEqual(['alpha']);
        expect(await search(experimentId, "datasets.context = 'training'")).toEqual(['alpha']);
        expect(await search(experimentId, "dataset.digest IN ('abc123', 'zzz')")).toEqual(['alpha']);
        expect(
          await search(
            experimentId,
            "metrics.rmse < 1 and params.model = 'rf' AND tags.team = 'risk' and attributes.status != 'FAILED'",
          ),
        ).toEqual(['alpha']);
      });

      it('orders metrics real values first, then NaN, then missing, in both directions', async () => {
        const { experimentId } = await seed();
        expect(await search(experimentId, undefined, ['metrics.rmse ASC'])).toEqual([
          'gamma',
          'alpha',
          'beta',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['metrics.rmse DESC'])).toEqual([
          'beta',
          'alpha',
          'gamma',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['metrics.acc DESC'])).toEqual([
          'alpha',
          'beta',
          'Delta_run',
          'gamma',
        ]);
        expect(await search(experimentId, undefined, ['metrics.acc ASC'])).toEqual([
          'alpha',
          'beta',
          'Delta_run',
          'gamma',
        ]);
      });

      it('orders by params, tags and attributes with missing values last and start_time DESC ties', async () => {
        const { experimentId } = await seed();
        expect(await search(experimentId, undefined, ['params.model ASC'])).toEqual([
          'gamma',
          'alpha',
          'beta',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['tags.team DESC'])).toEqual([
          'alpha',
          'gamma',
          'beta',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['tags.`with space` ASC'])).toEqual([
          'alpha',
          'gamma',
          'Delta_run',
          'beta',
        ]);
        expect(await search(experimentId, undefined, ['start_time ASC'])).toEqual([
          'alpha',
          'beta',
          'gamma',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['attributes.run_name DESC'])).toEqual([
          'gamma',
          'beta',
          'alpha',
          'Delta_run',
        ]);
        expect(await search(experimentId, undefined, ['status'])).toEqual([
          'gamma',
          'alpha',
          'Delta_run',
          'beta',
        ]);
        expect(await search(experimentId, undefined, ['end_time DESC'])).toEqual([
          'Delta_run',
          'gamma',
          'alpha',
          'beta',
        ]);
        expect(await search(experimentId, undefined, ['params.model ASC', 'metrics.rmse DESC'])).toEqual([
          'alpha',
          'gamma',
          'beta',
          'Delta_run',
        ]);
      });

      it('pages with tokens only while more runs exist', async () => {
        const { experimentId } = await seed();
        const query = { experimentIds: [experimentId], orderBy: ['attributes.run_name ASC'], maxResults: 2 };
        const first = await store.searchRuns(query);
        expect(names(first.items)).toEqual(['Delta_run', 'alpha']);
        const second = await store.searchRuns({ ...query, pageToken: first.nextPageToken });
        expect(names(second.items)).toEqual(['beta', 'gamma']);
        expect(second.nextPageToken).toBeUndefined();
      });

      it('honours run_view_type and searches several experiments; no or unknown experiments find nothing', async () => {
        const { experimentId, otherExperimentId } = await seed();
        expect(
          names((await store.searchRuns({ experimentIds: [experimentId], viewType: 'DELETED_ONLY' })).items),
        ).toEqual(['epsilon']);
        const all = await store.searchRuns({
          experimentIds: [experimentId],
          viewType: 'ALL',
          orderBy: ['run_name'],
        });
        expect(names(all.items)).toEqual(['Delta_run', 'alpha', 'beta', 'epsilon', 'gamma']);
        const both = await store.searchRuns({
          experimentIds: [experimentId, otherExperimentId],
          filter: "params.model != 'none'",
          orderBy: ['start_time ASC'],
        });
        expect(names(both.items)).toEqual(['alpha', 'zeta', 'beta', 'gamma']);
        expect((await store.searchRuns({ experimentIds: [] })).items).toEqual([]);
        expect((await store.searchRuns({ experimentIds: ['99999'] })).items).toEqual([]);
      });

      it('refuses malformed filters, order_by clauses and page sizes with INVALID_PARAMETER_VALUE', async () => {
        const { experimentId } = await seed();
        const filters = [
          "params.model = 'rf' OR params.model = 'xgb'",
          "foo.bar = 'x'",
          'metrics.rmse <',
          "(params.model = 'rf')",
          "NOT params.model = 'rf'",
          "params.model == 'rf'",
          "params.model = 'rf' AND",
          'metrics.rmse IS NULL',
          "metrics.rmse LIKE '0%'",
          "metrics.rmse < '1'",
          'metrics.rmse IN (0.4, 0.7)',
          "params.model IN ('rf', 'xgb')",
          "params.depth > '5'",
          'params.model = rf',
          'status = FINISHED',
          "attributes.status IN ('FINISHED', 'FAILED')",
          "start_time > '1'",
          "attributes.color = 'red'",
          'run_id IN (abc)',
          "tags.team NOT IN ('risk')",
        ];
        for (const filter of filters) {
          const error = await failure(() => store.searchRuns({ experimentIds: [experimentId], filter }));
          expect(error.errorCode, filter).toBe('INVALID_PARAMETER_VALUE');
        }
        for (const orderBy of [
          ['metrics.rmse ASC', 'metrics.rmse DESC'],
          ['foo.bar ASC'],
          ['start_time SIDEWAYS'],
          ['metrics.rmse DESC NULLS FIRST'],
        ]) {
          const error = await failure(() => store.searchRuns({ experimentIds: [experimentId], orderBy }));
          expect(error.errorCode, orderBy.join()).toBe('INVALID_PARAMETER_VALUE');
        }
        for (const maxResults of [0, -5, 50001]) {
          const error = await failure(() => store.searchRuns({ experimentIds: [experimentId], maxResults }));
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        }
        expect((await failure(() => store.searchRuns({ experimentIds: ['abc'] }))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
      });
    });

    describe('metric histories of several runs', () => {
      it('down-samples steps but keeps each run’s first and last step in the window', async () => {
        const first = await newRun('0', 'first');
        const second = await newRun('0', 'second');
        await store.logBatch(first, {
          metrics: [0, 1, 2].map((step) => metric('loss', 0.5 - step / 10, 1000 + step, step)),
        });
        await store.logBatch(second, {
          metrics: [0, 2, 4, 6, 8, 10].map((step) => metric('loss', 1 - step / 10, step, step)),
        });
        const all = await store.getMetricHistoryBulkInterval({ runIds: [first, second], metricKey: 'loss' });
        expect(all.map((point) => [point.runId === first ? 'first' : 'second', point.step])).toEqual([
          ['first', 0],
          ['first', 1],
          ['first', 2],
          ['second', 0],
          ['second', 2],
          ['second', 4],
          ['second', 6],
          ['second', 8],
          ['second', 10],
        ]);
        const window = await store.getMetricHistoryBulkInterval({
          runIds: [first, second],
          metricKey: 'loss',
          startStep: 1,
          endStep: 6,
          maxResults: 2,
        });
        expect(window.map((point) => [point.runId === first ? 'first' : 'second', point.step])).toEqual([
          ['first', 1],
          ['first', 2],
          ['second', 2],
          ['second', 4],
          ['second', 6],
        ]);
      });

      it('validates the step window, max_results and the number of runs', async () => {
        const runId = await newRun('0', 'bulk');
        const cases = [
          { runIds: [runId], metricKey: 'loss', startStep: 1 },
          { runIds: [runId], metricKey: 'loss', startStep: 5, endStep: 1 },
          { runIds: [runId], metricKey: 'loss', maxResults: 0 },
          { runIds: [runId], metricKey: 'loss', maxResults: 2501 },
          { runIds: [], metricKey: 'loss' },
          {
            runIds: Array.from({ length: 101 }, (_, index) => index.toString(16).padStart(32, '0')),
            metricKey: 'loss',
          },
        ];
        for (const query of cases) {
          expect((await failure(() => store.getMetricHistoryBulkInterval(query))).errorCode).toBe(
            'INVALID_PARAMETER_VALUE',
          );
        }
      });

      it('returns full histories ordered by run id, timestamp and step', async () => {
        const first = await newRun('0', 'first');
        const second = await newRun('0', 'second');
        await store.logBatch(first, { metrics: [metric('loss', 1, 2, 1), metric('loss', 2, 1, 0)] });
        await store.logBatch(second, { metrics: [metric('loss', 3, 1, 0)] });
        const points = await store.getMetricHistories({ runIds: [first, second], metricKey: 'loss' });
        const expected = [
          { ...metric('loss', 2, 1, 0), runId: first },
          { ...metric('loss', 1, 2, 1), runId: first },
          { ...metric('loss', 3, 1, 0), runId: second },
        ].sort((left, right) => (left.runId < right.runId ? -1 : left.runId > right.runId ? 1 : 0));
        expect(points).toEqual(expected);
        expect(
          await store.getMetricHistories({ runIds: [first, second], metricKey: 'loss', maxResults: 1 }),
        ).toHaveLength(1);
      });
    });
  });
}
