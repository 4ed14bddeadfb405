import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonApiClient, type JsonApiClient } from './support/json-api-client.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';
import type { ReplayResponse } from './support/tracking-vectors.js';

type Json = Record<string, unknown>;

function ok(response: ReplayResponse): Json {
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  return response.json as Json;
}

const API = '/api/2.0/mlflow';

/**
 * The call sequences of the Python client (tracking spec §4.1) for `mlflow.<flavor>.log_model`
 * with `registered_model_name`, `register_model` and `load_model`, over real HTTP. The artifact
 * uploads and downloads between the calls belong to the artifact routes and are not made here.
 */
for (const backend of trackingBackends()) {
  describe(`Python client model sequences (${backend.name})`, () => {
    let server: RunningTrackingServer;
    let api: JsonApiClient;
    let experimentId: string;
    let runId: string;
    let modelId: string;
    let modelArtifactUri: string;

    beforeAll(async () => {
      server = await startTrackingServer(backend);
      api = createJsonApiClient(server.url);
      experimentId = ok(await api.send('POST', `${API}/experiments/create`, { name: 'lifecycle' }))
        .experiment_id as string;
      const run = ok(
        await api.send('POST', `${API}/runs/create`, {
          experiment_id: experimentId,
          run_name: 'train',
          start_time: 1_700_000_000_000,
          tags: [{ key: 'mlflow.user', value: 'alice' }],
        }),
      ).run as { info: { run_id: string } };
      runId = run.info.run_id;
      ok(
        await api.send('POST', `${API}/runs/log-batch`, {
          run_id: runId,
          metrics: [{ key: 'rmse', value: 0.71, timestamp: 1_700_000_000_001, step: 0 }],
          params: [{ key: 'alpha', value: '0.5' }],
        }),
      );
    });

    afterAll(async () => {
      await server.close();
    });

    it('log_model: creates, links, tags metrics with, reads and finalizes a logged model', async () => {
      // 1. the run's params are merged into the model's.
      const run = ok(await api.get(`${API}/runs/get`, { run_id: runId })).run as {
        data: { params: { key: string; value: string }[] };
      };
      // 2. create the logged model (PENDING).
      const created = ok(
        await api.send('POST', `${API}/logged-models`, {
          experiment_id: experimentId,
          name: 'model',
          source_run_id: runId,
          params: run.data.params,
          tags: [
            { key: 'mlflow.user', value: 'alice' },
            { key: 'mlflow.source.type', value: 'LOCAL' },
          ],
          model_type: 'custom',
        }),
      ).model as { info: Json };
      modelId = created.info.model_id as string;
      modelArtifactUri = created.info.artifact_uri as string;
      expect(created.info.status).toBe('LOGGED_MODEL_PENDING');
      expect(modelArtifactUri).toBe(`mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`);
      // 3. the run produced the model.
      expect(
        ok(
          await api.send('POST', `${API}/runs/outputs`, {
            run_id: runId,
            models: [{ model_id: modelId, step: 0 }],
          }),
        ),
      ).toEqual({});
      // 4. the run's metrics at that step are logged again with the model's id.
      const history = ok(await api.get(`${API}/metrics/get-history`, { run_id: runId, metric_key: 'rmse' }))
        .metrics as Json[];
      ok(
        await api.send('POST', `${API}/runs/log-batch`, {
          run_id: runId,
          metrics: history.map((metric) => ({ ...metric, model_id: modelId })),
        }),
      );
      // 5. read back, 6. (files uploaded) finalize.
      const read = ok(await api.get(`${API}/logged-models/${modelId}`)).model as { data: Json };
      expect(read.data).toEqual({
        params: [{ key: 'alpha', value: '0.5' }],
        metrics: [
          {
            key: 'rmse',
            value: 0.71,
            timestamp: 1_700_000_000_001,
            step: 0,
            model_id: modelId,
            run_id: runId,
          },
        ],
      });
      const finalized = ok(
        await api.send('PATCH', `${API}/logged-models/${modelId}`, {
          model_id: modelId,
          status: 'LOGGED_MODEL_READY',
        }),
      ).model as { info: Json };
      expect(finalized.info.status).toBe('LOGGED_MODEL_READY');
      const runAfter = ok(await api.get(`${API}/runs/get`, { run_id: runId })).run as Json;
      expect(runAfter.outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });
    });

    it('register_model (registered_model_name): tolerates an existing model, creates a READY version', async () => {
      ok(await api.send('POST', `${API}/registered-models/create`, { name: 'fraud' }));
      const again = await api.send('POST', `${API}/registered-models/create`, { name: 'fraud' });
      expect(again.status).toBe(400);
      expect((again.json as Json).error_code).toBe('RESOURCE_ALREADY_EXISTS');
      const version = ok(
        await api.send('POST', `${API}/model-versions/create`, {
          name: 'fraud',
          source: `models:/${modelId}`,
          run_id: runId,
          model_id: modelId,
        }),
      ).model_version as Json;
      expect(version).toMatchObject({ name: 'fraud', version: '1', status: 'READY', current_stage: 'None' });
      // The client polls while PENDING_REGISTRATION; READY ends it at once.
      expect(
        (
          ok(await api.get(`${API}/model-versions/get`, { name: 'fraud', version: '1' }))
            .model_version as Json
        ).status,
      ).toBe('READY');
      const tags = ((ok(await api.get(`${API}/logged-models/${modelId}`)).model as { info: Json }).info
        .tags ?? []) as Json[];
      expect(tags).toContainEqual({
        key: 'mlflow.modelVersions',
        value: '[{"name": "fraud", "version": 1}]',
      });
    });

    it('register_model(runs:/<run>/model): finds the logged model by name in the run, or resolves the run URI', async () => {
      const found = ok(
        await api.send('POST', `${API}/logged-models/search`, {
          experiment_ids: [experimentId],
          filter: "name = 'model'",
        }),
      ).models as { info: Json }[];
      expect(found.map((model) => model.info.source_run_id)).toEqual([runId]);
      ok(
        await api.send('POST', `${API}/model-versions/create`, {
          name: 'fraud',
          source: `runs:/${runId}/model`,
          run_id: runId,
        }),
      );
      expect(
        ok(await api.get(`${API}/model-versions/get-download-uri`, { name: 'fraud', version: '2' })),
      ).toEqual({
        artifact_uri: modelArtifactUri,
      });
    });

    it('load_model(models:/name/<version>, @alias, /latest, /<stage>, models:/<model_id>) reaches the files', async () => {
      expect(
        ok(await api.get(`${API}/model-versions/get-download-uri`, { name: 'fraud', version: '1' })),
      ).toEqual({
        artifact_uri: modelArtifactUri,
      });
      ok(
        await api.send('POST', `${API}/registered-models/alias`, {
          name: 'fraud',
          alias: 'champion',
          version: '1',
        }),
      );
      const byAlias = ok(
        await api.get(`${API}/registered-models/alias`, { name: 'fraud', alias: 'champion' }),
      ).model_version as Json;
      expect(byAlias).toMatchObject({ version: '1', aliases: ['champion'] });
      ok(
        await api.send('POST', `${API}/model-versions/transition-stage`, {
          name: 'fraud',
          version: '1',
          stage: 'Production',
          archive_existing_versions: false,
        }),
      );
      const latest = ok(
        await api.send('POST', `${API}/registered-models/get-latest-versions`, { name: 'fraud' }),
      ).model_versions as Json[];
      expect(latest.map((version) => version.version).sort()).toEqual(['1', '2']);
      const production = ok(
        await api.get(`${API}/registered-models/get-latest-versions`, {
          name: 'fraud',
          stages: ['production'],
        }),
      ).model_versions as Json[];
      expect(production.map((version) => version.version)).toEqual(['1']);
      const logged = ok(await api.get(`${API}/logged-models/${modelId}`)).model as { info: Json };
      expect(logged.info.artifact_uri).toBe(modelArtifactUri);
    });

    it('prompts ride on the registry: created with the prompt tag, hidden from search, shown by get', async () => {
      const promptTag = { key: 'mlflow.prompt.is_prompt', value: 'true' };
      ok(await api.send('POST', `${API}/registered-models/create`, { name: 'greeting', tags: [promptTag] }));
      ok(
        await api.send('POST', `${API}/model-versions/create`, {
          name: 'greeting',
          source: 'dummy-source',
          tags: [promptTag, { key: 'mlflow.prompt.text', value: 'Hello {{name}}' }],
        }),
      );
      const models = ok(await api.get(`${API}/registered-models/search`)).registered_models as Json[];
      expect(models.map((model) => model.name)).toEqual(['fraud']);
      const prompt = ok(await api.get(`${API}/registered-models/get`, { name: 'greeting' }))
        .registered_model as Json;
      expect(prompt.tags).toEqual([promptTag]);
      expect(server.loggedErrors).toEqual([]);
    });
  });
}
