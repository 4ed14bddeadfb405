import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyValue, LoggedModel, LoggedModelStore, TrackingStore } from '../src/index.js';
import { storeFailure } from './store-failure.js';
import { SteppingClock, type StoresContractOptions, type StoresFixture } from './stores-fixture.js';

function keyValues(entries: Record<string, string>): KeyValue[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

function names(models: readonly LoggedModel[]): string[] {
  return models.map((model) => model.info.name);
}

/**
 * The behaviour every LoggedModelStore must have, with the tracking store's MLflow 3 links
 * (tracking spec §2.8, §2.9, §3.4.6, §3.6), one rule per test. Runs unchanged on every dialect:
 * `runLoggedModelStoreContract({ name: 'SQLite', createStores })`.
 */
export function runLoggedModelStoreContract(options: StoresContractOptions): void {
  describe(`LoggedModelStore contract (${options.name})`, () => {
    let fixture: StoresFixture;
    let store: LoggedModelStore;
    let tracking: TrackingStore;
    let experimentId: string;

    beforeEach(async () => {
      fixture = await options.createStores(new SteppingClock().now);
      store = fixture.loggedModelStore;
      tracking = fixture.trackingStore;
      experimentId = await tracking.createExperiment({ name: 'models' });
    });

    afterEach(async () => {
      await fixture.close();
    });

    describe('lifecycle', () => {
      it("creates a PENDING model with an m-<32 hex> id under its experiment's artifact location", async () => {
        const run = await tracking.createRun({ experimentId, runName: 'trainer' });
        const model = await store.createLoggedModel({
          experimentId,
          name: 'vec-lm',
          modelType: 'sklearn',
          sourceRunId: run.info.runId,
          params: keyValues({ alpha: '0.5' }),
          tags: keyValues({ 'mlflow.user': 'alice' }),
        });
        expect(model.info.modelId).toMatch(/^m-[0-9a-f]{32}$/);
        expect(model).toEqual({
          info: {
            modelId: model.info.modelId,
            experimentId,
            name: 'vec-lm',
            creationTimestampMs: model.info.creationTimestampMs,
            lastUpdatedTimestampMs: model.info.creationTimestampMs,
            artifactUri: `mlflow-artifacts:/${experimentId}/models/${model.info.modelId}/artifacts`,
            status: 'LOGGED_MODEL_PENDING',
            modelType: 'sklearn',
            sourceRunId: run.info.runId,
            lifecycleStage: 'active',
            tags: keyValues({ 'mlflow.user': 'alice' }),
          },
          data: { params: keyValues({ alpha: '0.5' }), metrics: [] },
        });
        expect(await store.getLoggedModel(model.info.modelId)).toEqual(model);
      });

      it("generates a name when none is given and keeps '' for absent model_type and source_run_id", async () => {
        const model = await store.createLoggedModel({ experimentId });
        expect(model.info.name).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
        expect(model.info.modelType).toBe('');
        expect(model.info.sourceRunId).toBe('');
      });

      it('refuses names with / : . % " or \' and experiments that are missing or deleted', async () => {
        for (const name of ['a/b', 'a:b', 'a.b', '50%', 'say "hi"', "it's"]) {
          const error = await storeFailure(() => store.createLoggedModel({ experimentId, name }));
          expect(error.errorCode, name).toBe('INVALID_PARAMETER_VALUE');
        }
        const missing = await storeFailure(() => store.createLoggedModel({ experimentId: '99999' }));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(missing.message).toBe('No Experiment with id=99999 exists');
        await tracking.deleteExperiment(experimentId);
        expect((await storeFailure(() => store.createLoggedModel({ experimentId }))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
      });

      it('answers RESOURCE_DOES_NOT_EXIST for an unknown model', async () => {
        const error = await storeFailure(() => store.getLoggedModel('m-0123456789abcdef0123456789abcdef'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.httpStatus).toBe(404);
        expect(error.message).toBe("Logged model with ID 'm-0123456789abcdef0123456789abcdef' not found.");
      });

      it('finalizes a model READY or UPLOAD_FAILED and bumps its update time', async () => {
        const created = await store.createLoggedModel({ experimentId, name: 'finalized' });
        const ready = await store.finalizeLoggedModel(created.info.modelId, 'LOGGED_MODEL_READY');
        expect(ready.info.status).toBe('LOGGED_MODEL_READY');
        expect(ready.info.lastUpdatedTimestampMs).toBeGreaterThan(created.info.lastUpdatedTimestampMs);
        const failed = await store.finalizeLoggedModel(created.info.modelId, 'LOGGED_MODEL_UPLOAD_FAILED');
        expect((await store.getLoggedModel(failed.info.modelId)).info.status).toBe(
          'LOGGED_MODEL_UPLOAD_FAILED',
        );
        expect(
          (
            await storeFailure(() =>
              store.finalizeLoggedModel('m-0123456789abcdef0123456789abcdef', 'LOGGED_MODEL_READY'),
            )
          ).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('deletes softly: hidden from get and search unless allowDeleted; deleting again is fine', async () => {
        const model = await store.createLoggedModel({ experimentId, name: 'deleted' });
        await store.deleteLoggedModel(model.info.modelId);
        await store.deleteLoggedModel(model.info.modelId);
        expect((await storeFailure(() => store.getLoggedModel(model.info.modelId))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        const kept = await store.getLoggedModel(model.info.modelId, { allowDeleted: true });
        expect(kept.info.lifecycleStage).toBe('deleted');
        expect((await store.searchLoggedModels({ experimentIds: [experimentId] })).items).toEqual([]);
        expect(
          (await storeFailure(() => store.deleteLoggedModel('m-0123456789abcdef0123456789abcdef'))).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('upserts tags in first-set order; deleting a tag that is not set is RESOURCE_DOES_NOT_EXIST', async () => {
        const { modelId } = (
          await store.createLoggedModel({ experimentId, tags: keyValues({ 'mlflow.user': 'alice' }) })
        ).info;
        await store.setLoggedModelTags(modelId, keyValues({ stage: 'dev', owner: 'bob' }));
        await store.setLoggedModelTags(modelId, keyValues({ owner: 'carol' }));
        await store.deleteLoggedModelTag(modelId, 'stage');
        expect((await store.getLoggedModel(modelId)).info.tags).toEqual(
          keyValues({ 'mlflow.user': 'alice', owner: 'carol' }),
        );
        const error = await storeFailure(() => store.deleteLoggedModelTag(modelId, 'never-set'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.message).toBe(`No tag with key 'never-set' found for model with ID '${modelId}'.`);
      });

      it('logs params write-once: the same value again is fine, another value is refused', async () => {
        const { modelId } = (
          await store.createLoggedModel({ experimentId, params: keyValues({ alpha: '0.5' }) })
        ).info;
        await store.logLoggedModelParams(modelId, keyValues({ beta: '2', alpha: '0.5' }));
        const error = await storeFailure(() =>
          store.logLoggedModelParams(modelId, keyValues({ alpha: '0.7' })),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect((await store.getLoggedModel(modelId)).data.params).toEqual(
          keyValues({ alpha: '0.5', beta: '2' }),
        );
      });
    });

    describe('links with runs', () => {
      it('records metric points that name a model on the run and on the model (log-metric and log-batch)', async () => {
        const run = await tracking.createRun({ experimentId, runName: 'scorer' });
        const { modelId } = (await store.createLoggedModel({ experimentId, sourceRunId: run.info.runId }))
          .info;
        const runId = run.info.runId;
        await tracking.logMetric(runId, {
          key: 'acc',
          value: 0.9,
          timestamp: 1_700_000_000_000,
          step: 0,
          modelId,
        });
        await tracking.logBatch(runId, {
          metrics: [
            {
              key: 'f1',
              value: Number.NaN,
              timestamp: 1_700_000_000_001,
              step: 1,
              modelId,
              datasetName: 'iris',
              datasetDigest: 'abc',
            },
            { key: 'plain', value: 1, timestamp: 1_700_000_000_002, step: 0 },
          ],
        });
        const model = await store.getLoggedModel(modelId);
        expect(model.data.metrics).toEqual([
          { key: 'acc', value: 0.9, timestamp: 1_700_000_000_000, step: 0, modelId, runId },
          {
            key: 'f1',
            value: Number.NaN,
            timestamp: 1_700_000_000_001,
            step: 1,
            modelId,
            runId,
            datasetName: 'iris',
            datasetDigest: 'abc',
          },
        ]);
        const runMetrics = (await tracking.getRun(runId)).data.metrics.map((metric) => metric.key);
        expect(runMetrics).toEqual(['acc', 'f1', 'plain']);
      });

      it('refuses a metric point naming an unknown model and writes nothing', async () => {
        const run = await tracking.createRun({ experimentId, runName: 'lost' });
        const error = await storeFailure(() =>
          tracking.logMetric(run.info.runId, {
            key: 'acc',
            value: 1,
            timestamp: 1,
            step: 0,
            modelId: 'm-0123456789abcdef0123456789abcdef',
          }),
        );
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect((await tracking.getRun(run.info.runId)).data.metrics).toEqual([]);
      });

      it('records the models a run produced (outputs, with step) and consumed (inputs)', async () => {
        const producer = await tracking.createRun({ experimentId, runName: 'producer' });
        const consumer = await tracking.createRun({ experimentId, runName: 'consumer' });
        const { modelId } = (await store.createLoggedModel({ experimentId })).info;
        await tracking.logOutputs(producer.info.runId, [{ modelId, step: 3 }]);
        await tracking.logOutputs(producer.info.runId, [{ modelId, step: 5 }]);
        await tracking.logInputs(consumer.info.runId, { models: [{ modelId }, { modelId }] });
        expect((await tracking.getRun(producer.info.runId)).outputs.modelOutputs).toEqual([
          { modelId, step: 3 },
        ]);
        expect((await tracking.getRun(consumer.info.runId)).inputs.modelInputs).toEqual([{ modelId }]);
        const searched = await tracking.searchRuns({
          experimentIds: [experimentId],
          filter: "attributes.run_name = 'producer'",
        });
        expect(searched.items[0]?.outputs.modelOutputs).toEqual([{ modelId, step: 3 }]);
      });

      it('refuses outputs naming unknown models, and outputs of deleted runs', async () => {
        const run = await tracking.createRun({ experimentId, runName: 'refused' });
        const unknown = await storeFailure(() =>
          tracking.logOutputs(run.info.runId, [{ modelId: 'm-0123456789abcdef0123456789abcdef', step: 0 }]),
        );
        expect(unknown.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        const { modelId } = (await store.createLoggedModel({ experimentId })).info;
        await tracking.deleteRun(run.info.runId);
        const deleted = await storeFailure(() => tracking.logOutputs(run.info.runId, [{ modelId, step: 0 }]));
        expect(deleted.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });
    });

    describe('search', () => {
      async function seed(): Promise<{ first: string; second: string; third: string }> {
        const run = await tracking.createRun({ experimentId, runName: 'seeder' });
        const runId = run.info.runId;
        const first = (
          await store.createLoggedModel({
            experimentId,
            name: 'vec-lm',
            modelType: 'sklearn',
            sourceRunId: runId,
            params: keyValues({ alpha: '0.5' }),
            tags: keyValues({ stage: 'dev' }),
          })
        ).info.modelId;
        const second = (await store.createLoggedModel({ experimentId, name: 'other-lm' })).info.modelId;
        const third = (
          await store.createLoggedModel({ experimentId, name: 'aaa-lm', params: keyValues({ alpha: '0.1' }) })
        ).info.modelId;
        await store.finalizeLoggedModel(second, 'LOGGED_MODEL_UPLOAD_FAILED');
        await tracking.logMetric(runId, { key: 'acc', value: 0.9, timestamp: 1, step: 0, modelId: first });
        await tracking.logMetric(runId, {
          key: 'acc',
          value: 0.4,
          timestamp: 2,
          step: 0,
          modelId: third,
          datasetName: 'eval',
          datasetDigest: 'd1',
        });
        return { first, second, third };
      }

      it('lists active models of the given experiments, newest first, and needs experiment ids', async () => {
        await seed();
        const other = await tracking.createExperiment({ name: 'elsewhere' });
        await store.createLoggedModel({ experimentId: other, name: 'elsewhere-lm' });
        expect(names((await store.searchLoggedModels({ experimentIds: [experimentId] })).items)).toEqual([
          'aaa-lm',
          'other-lm',
          'vec-lm',
        ]);
        expect((await store.searchLoggedModels({ experimentIds: [experimentId, other] })).items).toHaveLength(
          4,
        );
        expect((await storeFailure(() => store.searchLoggedModels({ experimentIds: [] }))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
      });

      it('filters by attributes, status names (and numbers), metrics, params and tags', async () => {
        await seed();
        const found = async (filter: string) =>
          names((await store.searchLoggedModels({ experimentIds: [experimentId], filter })).items);
        expect(await found("name = 'vec-lm'")).toEqual(['vec-lm']);
        expect(await found("name LIKE '%lm' AND model_type = 'sklearn'")).toEqual(['vec-lm']);
        expect(await found("attributes.name IN ('aaa-lm', 'other-lm')")).toEqual(['aaa-lm', 'other-lm']);
        expect(await found("status = 'LOGGED_MODEL_UPLOAD_FAILED'")).toEqual(['other-lm']);
        expect(await found("status = '3'")).toEqual(['other-lm']);
        expect(await found('metrics.acc > 0.5')).toEqual(['vec-lm']);
        expect(await found("params.alpha = '0.1'")).toEqual(['aaa-lm']);
        expect(await found("tags.stage != 'prod'")).toEqual(['vec-lm']);
        expect(await found('creation_timestamp > 0')).toHaveLength(3);
      });

      it('scopes metric filters (and, alone, the models) to the given datasets', async () => {
        await seed();
        const scoped = await store.searchLoggedModels({
          experimentIds: [experimentId],
          filter: 'metrics.acc > 0.1',
          datasets: [{ datasetName: 'eval' }],
        });
        expect(names(scoped.items)).toEqual(['aaa-lm']);
        const alone = await store.searchLoggedModels({
          experimentIds: [experimentId],
          datasets: [{ datasetName: 'eval', datasetDigest: 'other' }],
        });
        expect(alone.items).toEqual([]);
      });

      it("refuses filters that are not comparisons joined by AND, with MLflow's message", async () => {
        const error = await storeFailure(() =>
          store.searchLoggedModels({ experimentIds: [experimentId], filter: "name = 'a' OR name = 'b'" }),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(error.message).toBe(
          "Invalid filter string: \"name = 'a' OR name = 'b'\". Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').",
        );
        const attribute = await storeFailure(() =>
          store.searchLoggedModels({ experimentIds: [experimentId], filter: "flavor = 'x'" }),
        );
        expect(attribute.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });

      it('orders by attributes or the latest metric value, missing values last in both directions', async () => {
        await seed();
        const order = async (fieldName: string, ascending: boolean) =>
          names(
            (
              await store.searchLoggedModels({
                experimentIds: [experimentId],
                orderBy: [{ fieldName, ascending }],
              })
            ).items,
          );
        expect(await order('name', true)).toEqual(['aaa-lm', 'other-lm', 'vec-lm']);
        expect(await order('metrics.acc', true)).toEqual(['aaa-lm', 'vec-lm', 'other-lm']);
        expect(await order('metrics.acc', false)).toEqual(['vec-lm', 'aaa-lm', 'other-lm']);
        expect(await order('creation_timestamp', true)).toEqual(['vec-lm', 'other-lm', 'aaa-lm']);
        for (const fieldName of ['flavor', 'params.alpha']) {
          expect(
            (
              await storeFailure(() =>
                store.searchLoggedModels({ experimentIds: [experimentId], orderBy: [{ fieldName }] }),
              )
            ).errorCode,
          ).toBe('INVALID_PARAMETER_VALUE');
        }
      });

      it('pages with tokens that are only valid for the same experiment ids, filter and order_by', async () => {
        await seed();
        const query = { experimentIds: [experimentId], maxResults: 2 };
        const first = await store.searchLoggedModels(query);
        expect(names(first.items)).toEqual(['aaa-lm', 'other-lm']);
        const token = first.nextPageToken ?? '';
        expect(JSON.parse(Buffer.from(token, 'base64').toString('utf8'))).toEqual({
          experiment_ids: [experimentId],
          filter_string: null,
          order_by: null,
          offset: 2,
        });
        const second = await store.searchLoggedModels({ ...query, pageToken: token });
        expect(names(second.items)).toEqual(['vec-lm']);
        expect(second.nextPageToken).toBeUndefined();
        const mismatch = await storeFailure(() =>
          store.searchLoggedModels({ ...query, pageToken: token, filter: "name = 'vec-lm'" }),
        );
        expect(mismatch.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(mismatch.message).toBe(
          "Filter string in the page token does not match the requested filter string. Expected: name = 'vec-lm'. Found: None",
        );
        for (const pageToken of ['garbage', Buffer.from('{"offset": "x"}').toString('base64')]) {
          expect(
            (await storeFailure(() => store.searchLoggedModels({ ...query, pageToken }))).errorCode,
          ).toBe('INVALID_PARAMETER_VALUE');
        }
      });
    });
  });
}
