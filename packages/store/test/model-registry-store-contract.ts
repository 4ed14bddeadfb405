import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  KeyValue,
  LoggedModelStore,
  ModelRegistryStore,
  ModelVersion,
  TrackingStore,
} from '../src/index.js';
import { storeFailure } from './store-failure.js';
import { SteppingClock, type StoresContractOptions, type StoresFixture } from './stores-fixture.js';

function keyValues(entries: Record<string, string>): KeyValue[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

function versionNumbers(versions: readonly ModelVersion[]): string[] {
  return versions.map((version) => version.version);
}

/**
 * The behaviour every ModelRegistryStore must have (tracking spec §2.10, §3.4.3, §3.4.4, §3.8),
 * one rule per test. Runs unchanged on every dialect:
 * `runModelRegistryStoreContract({ name: 'SQLite', createStores })`.
 */
export function runModelRegistryStoreContract(options: StoresContractOptions): void {
  describe(`ModelRegistryStore contract (${options.name})`, () => {
    let fixture: StoresFixture;
    let registry: ModelRegistryStore;
    let tracking: TrackingStore;
    let loggedModels: LoggedModelStore;
    let clock: SteppingClock;

    beforeEach(async () => {
      clock = new SteppingClock();
      fixture = await options.createStores(clock.now);
      registry = fixture.modelRegistryStore;
      tracking = fixture.trackingStore;
      loggedModels = fixture.loggedModelStore;
    });

    afterEach(async () => {
      await fixture.close();
    });

    async function modelWithVersions(name: string, count: number): Promise<void> {
      await registry.createRegisteredModel({ name });
      for (let index = 1; index <= count; index += 1) {
        await registry.createModelVersion({ name, source: `s3://bucket/${name}/v${index}` });
      }
    }

    describe('registered models', () => {
      it('creates a model with its tags and description, without versions or aliases', async () => {
        const model = await registry.createRegisteredModel({
          name: 'fraud',
          description: 'first model',
          tags: keyValues({ team: 'risk', tier: 'gold' }),
        });
        expect(model).toEqual({
          name: 'fraud',
          creationTimestamp: model.creationTimestamp,
          lastUpdatedTimestamp: model.creationTimestamp,
          description: 'first model',
          latestVersions: [],
          tags: keyValues({ team: 'risk', tier: 'gold' }),
          aliases: [],
        });
        expect(await registry.getRegisteredModel('fraud')).toEqual(model);
      });

      it('leaves the description unset when none is given', async () => {
        const model = await registry.createRegisteredModel({ name: 'plain' });
        expect(model.description).toBeUndefined();
        expect(model.tags).toEqual([]);
      });

      it('refuses a taken name with RESOURCE_ALREADY_EXISTS (HTTP 400)', async () => {
        await registry.createRegisteredModel({ name: 'taken' });
        const error = await storeFailure(() => registry.createRegisteredModel({ name: 'taken' }));
        expect(error.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        expect(error.httpStatus).toBe(400);
        expect(error.message).toBe('Registered Model (name=taken) already exists.');
      });

      it('says when a name is taken by a prompt, or a prompt name by a model', async () => {
        await registry.createRegisteredModel({
          name: 'greeting',
          tags: keyValues({ 'mlflow.prompt.is_prompt': 'true' }),
        });
        const model = await storeFailure(() => registry.createRegisteredModel({ name: 'greeting' }));
        expect(model.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        expect(model.message).toContain('already taken by a prompt');
        await registry.createRegisteredModel({ name: 'classifier' });
        const prompt = await storeFailure(() =>
          registry.createRegisteredModel({
            name: 'classifier',
            tags: keyValues({ 'mlflow.prompt.is_prompt': 'true' }),
          }),
        );
        expect(prompt.message).toContain('already taken by a registered model');
      });

      it('refuses an empty name and accepts names MLflow 3.6 accepts (slashes, colons, dots, spaces)', async () => {
        expect((await storeFailure(() => registry.createRegisteredModel({ name: '' }))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
        for (const name of ['a/b', 'a:b', '..', 'has space.and-dots']) {
          expect((await registry.createRegisteredModel({ name })).name).toBe(name);
        }
      });

      it('answers RESOURCE_DOES_NOT_EXIST (404) for an unknown model', async () => {
        const error = await storeFailure(() => registry.getRegisteredModel('nope'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.httpStatus).toBe(404);
        expect(error.message).toBe('Registered Model with name=nope not found');
      });

      it('renames a model; its versions, tags and aliases follow and the old name is free', async () => {
        await modelWithVersions('before', 2);
        await registry.setRegisteredModelTag('before', { key: 'team', value: 'risk' });
        await registry.setRegisteredModelAlias('before', 'champion', '2');
        const created = await registry.getRegisteredModel('before');
        const renamed = await registry.renameRegisteredModel('before', 'after');
        expect(renamed.name).toBe('after');
        expect(renamed.lastUpdatedTimestamp).toBeGreaterThan(created.lastUpdatedTimestamp);
        expect(renamed.tags).toEqual(keyValues({ team: 'risk' }));
        expect(renamed.aliases).toEqual([{ alias: 'champion', version: '2' }]);
        expect((await registry.getModelVersion('after', '2')).name).toBe('after');
        expect((await registry.getModelVersionByAlias('after', 'champion')).version).toBe('2');
        expect((await storeFailure(() => registry.getRegisteredModel('before'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        await registry.createRegisteredModel({ name: 'before' });
      });

      it('refuses renaming onto a taken name and renaming an unknown model', async () => {
        await registry.createRegisteredModel({ name: 'one' });
        await registry.createRegisteredModel({ name: 'two' });
        const taken = await storeFailure(() => registry.renameRegisteredModel('one', 'two'));
        expect(taken.errorCode).toBe('RESOURCE_ALREADY_EXISTS');
        expect(taken.httpStatus).toBe(400);
        const missing = await storeFailure(() => registry.renameRegisteredModel('nope', 'three'));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        const empty = await storeFailure(() => registry.renameRegisteredModel('one', ''));
        expect(empty.message).toBe("Missing value for required parameter 'new_name'.");
      });

      it('updates the description only when one is given ("" clears it) and bumps the update time', async () => {
        await registry.createRegisteredModel({ name: 'described', description: 'first' });
        const updated = await registry.updateRegisteredModel('described', { description: 'second' });
        expect(updated.description).toBe('second');
        const untouched = await registry.updateRegisteredModel('described', {});
        expect(untouched.description).toBe('second');
        expect(untouched.lastUpdatedTimestamp).toBeGreaterThan(updated.lastUpdatedTimestamp);
        expect((await registry.updateRegisteredModel('described', { description: '' })).description).toBe('');
        expect((await storeFailure(() => registry.updateRegisteredModel('nope', {}))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('deletes a model hard: versions, tags and aliases go, the name is free and numbering restarts', async () => {
        await modelWithVersions('doomed', 2);
        await registry.setRegisteredModelTag('doomed', { key: 'team', value: 'risk' });
        await registry.setRegisteredModelAlias('doomed', 'champion', '1');
        await registry.deleteRegisteredModel('doomed');
        expect((await storeFailure(() => registry.getRegisteredModel('doomed'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        expect((await storeFailure(() => registry.getModelVersion('doomed', '1'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        expect((await storeFailure(() => registry.deleteRegisteredModel('doomed'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        const recreated = await registry.createRegisteredModel({ name: 'doomed' });
        expect(recreated.tags).toEqual([]);
        expect(recreated.aliases).toEqual([]);
        expect((await registry.createModelVersion({ name: 'doomed', source: 's3://b/new' })).version).toBe(
          '1',
        );
      });

      it('upserts tags in first-set order; deleting a missing tag is a no-op; unknown models are 404', async () => {
        await registry.createRegisteredModel({
          name: 'tagged',
          tags: keyValues({ team: 'risk', tier: 'gold' }),
        });
        await registry.setRegisteredModelTag('tagged', { key: 'owner', value: 'alice' });
        await registry.setRegisteredModelTag('tagged', { key: 'owner', value: 'bob' });
        await registry.deleteRegisteredModelTag('tagged', 'tier');
        await registry.deleteRegisteredModelTag('tagged', 'never-set');
        expect((await registry.getRegisteredModel('tagged')).tags).toEqual(
          keyValues({ team: 'risk', owner: 'bob' }),
        );
        expect(
          (await storeFailure(() => registry.setRegisteredModelTag('nope', { key: 'k', value: 'v' })))
            .errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
        expect((await storeFailure(() => registry.deleteRegisteredModelTag('nope', 'k'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('refuses tag keys with characters outside [\\w-. :/] and values over 100000 characters', async () => {
        await registry.createRegisteredModel({ name: 'strict' });
        const key = await storeFailure(() =>
          registry.setRegisteredModelTag('strict', { key: 'bad*key', value: 'x' }),
        );
        expect(key.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(key.message).toContain("for parameter 'key'");
        await registry.setRegisteredModelTag('strict', { key: 'long', value: 'v'.repeat(100_000) });
        const value = await storeFailure(() =>
          registry.setRegisteredModelTag('strict', { key: 'long', value: 'v'.repeat(100_001) }),
        );
        expect(value.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });
    });

    describe('model versions', () => {
      it('creates READY versions in stage None, numbered from 1, with "" for absent description, run and link', async () => {
        await registry.createRegisteredModel({ name: 'numbered' });
        const first = await registry.createModelVersion({
          name: 'numbered',
          source: 's3://bucket/v1',
          runId: 'r1',
          runLink: 'http://example.com/run',
          description: 'v1',
          tags: keyValues({ validated: 'yes' }),
        });
        expect(first).toEqual({
          name: 'numbered',
          version: '1',
          creationTimestamp: first.creationTimestamp,
          lastUpdatedTimestamp: first.creationTimestamp,
          currentStage: 'None',
          description: 'v1',
          source: 's3://bucket/v1',
          runId: 'r1',
          runLink: 'http://example.com/run',
          status: 'READY',
          tags: keyValues({ validated: 'yes' }),
          aliases: [],
        });
        const second = await registry.createModelVersion({ name: 'numbered', source: 's3://bucket/v2' });
        expect(second).toMatchObject({
          version: '2',
          description: '',
          runId: '',
          runLink: '',
          status: 'READY',
        });
        const model = await registry.getRegisteredModel('numbered');
        expect(model.lastUpdatedTimestamp).toBe(second.creationTimestamp);
      });

      it('refuses a version of an unknown model with RESOURCE_DOES_NOT_EXIST', async () => {
        const error = await storeFailure(() =>
          registry.createModelVersion({ name: 'nope', source: 's3://b/m' }),
        );
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.message).toBe('Registered Model with name=nope not found');
      });

      it('never reuses a number, even when the highest version was deleted', async () => {
        await modelWithVersions('counted', 3);
        await registry.deleteModelVersion('counted', '2');
        await registry.deleteModelVersion('counted', '3');
        expect((await registry.createModelVersion({ name: 'counted', source: 's3://b/4' })).version).toBe(
          '4',
        );
      });

      it('refuses local sources outside the artifact directory of the given run', async () => {
        await registry.createRegisteredModel({ name: 'local' });
        const run = await tracking.createRun({ experimentId: '0', runName: 'proxied' });
        const withoutRun = await storeFailure(() =>
          registry.createModelVersion({ name: 'local', source: '/srv/models/m' }),
        );
        expect(withoutRun.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(withoutRun.message).toContain("Invalid model version source: '/srv/models/m'");
        const proxiedRun = await storeFailure(() =>
          registry.createModelVersion({
            name: 'local',
            source: 'file:///srv/models/m',
            runId: run.info.runId,
          }),
        );
        expect(proxiedRun.message).toContain("Invalid model version source: '/srv/models/m'");
        const unknownRun = await storeFailure(() =>
          registry.createModelVersion({
            name: 'local',
            source: '/srv/m',
            runId: '0123456789abcdef0123456789abcdef',
          }),
        );
        expect(unknownRun.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('accepts a local source inside the local artifact directory of its run', async () => {
        const directory = await mkdtemp(path.join(tmpdir(), 'millrace-registry-'));
        try {
          const experimentId = await tracking.createExperiment({
            name: 'local-artifacts',
            artifactLocation: pathToFileURL(directory).href,
          });
          const run = await tracking.createRun({ experimentId, runName: 'local' });
          await registry.createRegisteredModel({ name: 'local' });
          const source = `${run.info.artifactUri}/model`;
          const version = await registry.createModelVersion({ name: 'local', source, runId: run.info.runId });
          expect(version.source).toBe(source);
          const outside = await storeFailure(() =>
            registry.createModelVersion({
              name: 'local',
              source: `${run.info.artifactUri}/../../elsewhere`,
              runId: run.info.runId,
            }),
          );
          expect(outside.errorCode).toBe('INVALID_PARAMETER_VALUE');
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      });

      it('refuses remote sources with relative path references, also percent-encoded', async () => {
        await registry.createRegisteredModel({ name: 'remote' });
        for (const source of [
          's3://bucket/models/../../secret',
          'mlflow-artifacts:/..%2f..%2fetc',
          'mlflow-artifacts:/%252e%252e/etc',
          'https://host/a/./b',
        ]) {
          const error = await storeFailure(() => registry.createModelVersion({ name: 'remote', source }));
          expect(error.errorCode, source).toBe('INVALID_PARAMETER_VALUE');
          expect(error.message).toContain('relative path references');
        }
        expect(
          (await registry.createModelVersion({ name: 'remote', source: 'gs://bucket/a/b' })).version,
        ).toBe('1');
      });

      it('skips source validation for prompt versions', async () => {
        await registry.createRegisteredModel({
          name: 'prompt',
          tags: keyValues({ 'mlflow.prompt.is_prompt': 'true' }),
        });
        const version = await registry.createModelVersion({
          name: 'prompt',
          source: 'dummy-source',
          tags: keyValues({ 'mlflow.prompt.is_prompt': 'true', 'mlflow.prompt.text': 'Hello {{name}}' }),
        });
        expect(version.source).toBe('dummy-source');
      });

      it('resolves a models:/<model_id> source to the logged model, takes its run, and tags the logged model', async () => {
        const run = await tracking.createRun({ experimentId: '0', runName: 'trainer' });
        const logged = await loggedModels.createLoggedModel({
          experimentId: '0',
          name: 'model',
          sourceRunId: run.info.runId,
        });
        const { modelId, artifactUri } = logged.info;
        await registry.createRegisteredModel({ name: 'from-logged' });
        const first = await registry.createModelVersion({
          name: 'from-logged',
          source: `models:/${modelId}`,
          modelId,
        });
        expect(first.source).toBe(`models:/${modelId}`);
        expect(first.runId).toBe(run.info.runId);
        expect(await registry.getModelVersionDownloadUri('from-logged', '1')).toBe(artifactUri);
        await registry.createModelVersion({ name: 'from-logged', source: `models:/${modelId}`, modelId });
        const tags = (await loggedModels.getLoggedModel(modelId)).info.tags;
        expect(tags).toEqual([
          {
            key: 'mlflow.modelVersions',
            value: '[{"name": "from-logged", "version": 1}, {"name": "from-logged", "version": 2}]',
          },
        ]);
        const missing = await storeFailure(() =>
          registry.createModelVersion({
            name: 'from-logged',
            source: 'models:/m-0123456789abcdef0123456789abcdef',
          }),
        );
        expect(missing.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });

      it("resolves a runs:/ source to the run's logged model of that name, else to the run's artifacts", async () => {
        const run = await tracking.createRun({ experimentId: '0', runName: 'trainer' });
        const logged = await loggedModels.createLoggedModel({
          experimentId: '0',
          name: 'model',
          sourceRunId: run.info.runId,
        });
        await registry.createRegisteredModel({ name: 'from-run' });
        await registry.createModelVersion({ name: 'from-run', source: `runs:/${run.info.runId}/model` });
        await registry.createModelVersion({ name: 'from-run', source: `runs:/${run.info.runId}/other/dir` });
        await registry.createModelVersion({
          name: 'from-run',
          source: 'runs:/0123456789abcdef0123456789abcdef/m',
        });
        expect(await registry.getModelVersionDownloadUri('from-run', '1')).toBe(logged.info.artifactUri);
        expect(await registry.getModelVersionDownloadUri('from-run', '2')).toBe(
          `${run.info.artifactUri}/other/dir`,
        );
        expect(await registry.getModelVersionDownloadUri('from-run', '3')).toBe(
          'runs:/0123456789abcdef0123456789abcdef/m',
        );
        expect((await registry.getModelVersion('from-run', '1')).source).toBe(
          `runs:/${run.info.runId}/model`,
        );
      });

      it("resolves a models:/<name>/<version> source to that version's location", async () => {
        await modelWithVersions('origin', 1);
        await registry.createRegisteredModel({ name: 'copy' });
        await registry.createModelVersion({ name: 'copy', source: 'models:/origin/1' });
        expect(await registry.getModelVersionDownloadUri('copy', '1')).toBe('s3://bucket/origin/v1');
      });

      it('refuses non-integer versions with INVALID_PARAMETER_VALUE and answers 404 for unknown ones', async () => {
        await modelWithVersions('lookup', 1);
        const invalid = await storeFailure(() => registry.getModelVersion('lookup', 'one'));
        expect(invalid.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(invalid.message).toBe("Parameter 'version' must be an integer, got 'one'.");
        const missing = await storeFailure(() => registry.getModelVersion('lookup', '99'));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(missing.message).toBe('Model Version (name=lookup, version=99) not found');
        const unknownModel = await storeFailure(() => registry.getModelVersion('nope', '1'));
        expect(unknownModel.message).toBe('Model Version (name=nope, version=1) not found');
      });

      it("updates a version's description only when one is given and bumps its update time", async () => {
        await registry.createRegisteredModel({ name: 'edited' });
        const created = await registry.createModelVersion({
          name: 'edited',
          source: 's3://b/1',
          description: 'v1',
        });
        const updated = await registry.updateModelVersion('edited', '1', { description: 'v1 updated' });
        expect(updated.description).toBe('v1 updated');
        expect(updated.lastUpdatedTimestamp).toBeGreaterThan(created.lastUpdatedTimestamp);
        expect((await registry.updateModelVersion('edited', '1', {})).description).toBe('v1 updated');
        expect((await storeFailure(() => registry.updateModelVersion('edited', '9', {}))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('upserts version tags; deleting a missing tag is a no-op; unknown versions are 404', async () => {
        await modelWithVersions('version-tags', 1);
        await registry.setModelVersionTag('version-tags', '1', { key: 'qa', value: 'pending' });
        await registry.setModelVersionTag('version-tags', '1', { key: 'qa', value: 'passed' });
        await registry.deleteModelVersionTag('version-tags', '1', 'never-set');
        expect((await registry.getModelVersion('version-tags', '1')).tags).toEqual(
          keyValues({ qa: 'passed' }),
        );
        await registry.deleteModelVersionTag('version-tags', '1', 'qa');
        expect((await registry.getModelVersion('version-tags', '1')).tags).toEqual([]);
        expect(
          (
            await storeFailure(() =>
              registry.setModelVersionTag('version-tags', '9', { key: 'k', value: 'v' }),
            )
          ).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('transitions stages case-insensitively to their canonical spelling and refuses unknown stages', async () => {
        await modelWithVersions('staged', 1);
        const moved = await registry.transitionModelVersionStage('staged', '1', 'production', false);
        expect(moved.currentStage).toBe('Production');
        const error = await storeFailure(() =>
          registry.transitionModelVersionStage('staged', '1', 'Canary', false),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(error.message).toBe(
          'Invalid Model Version stage: Canary. Value must be one of None, Staging, Production, Archived.',
        );
      });

      it('archives the other versions of the target stage only with archive_existing_versions', async () => {
        await modelWithVersions('archiving', 4);
        await registry.transitionModelVersionStage('archiving', '1', 'Production', false);
        await registry.transitionModelVersionStage('archiving', '2', 'Production', false);
        await registry.transitionModelVersionStage('archiving', '3', 'Staging', false);
        const moved = await registry.transitionModelVersionStage('archiving', '4', 'Production', true);
        const stages = await Promise.all(
          ['1', '2', '3'].map(
            async (version) => (await registry.getModelVersion('archiving', version)).currentStage,
          ),
        );
        expect(stages).toEqual(['Archived', 'Archived', 'Staging']);
        const archived = await registry.getModelVersion('archiving', '1');
        expect(archived.lastUpdatedTimestamp).toBe(moved.lastUpdatedTimestamp);
      });

      it('refuses archive_existing_versions for a stage other than Staging or Production with a 400', async () => {
        await modelWithVersions('not-active', 1);
        const error = await storeFailure(() =>
          registry.transitionModelVersionStage('not-active', '1', 'Archived', true),
        );
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(error.httpStatus).toBe(400);
      });

      it("lists each stage's highest version in MLflow's order (stages as they first appear going up)", async () => {
        await modelWithVersions('latest', 5);
        await registry.transitionModelVersionStage('latest', '1', 'Staging', false);
        await registry.transitionModelVersionStage('latest', '2', 'Production', false);
        await registry.transitionModelVersionStage('latest', '3', 'Production', true);
        await registry.transitionModelVersionStage('latest', '4', 'Archived', false);
        const model = await registry.getRegisteredModel('latest');
        expect(model.latestVersions.map((version) => [version.version, version.currentStage])).toEqual([
          ['1', 'Staging'],
          ['4', 'Archived'],
          ['3', 'Production'],
          ['5', 'None'],
        ]);
        expect(versionNumbers(await registry.getLatestVersions('latest'))).toEqual(['1', '4', '3', '5']);
        expect(versionNumbers(await registry.getLatestVersions('latest', ['staging', 'None']))).toEqual([
          '1',
          '5',
        ]);
        expect((await storeFailure(() => registry.getLatestVersions('latest', ['Canary']))).errorCode).toBe(
          'INVALID_PARAMETER_VALUE',
        );
        expect((await storeFailure(() => registry.getLatestVersions('nope'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
      });

      it('deletes a version as an invisible redaction that also removes its aliases', async () => {
        await modelWithVersions('redacted', 2);
        await registry.setRegisteredModelAlias('redacted', 'champion', '2');
        await registry.deleteModelVersion('redacted', '2');
        expect((await storeFailure(() => registry.getModelVersion('redacted', '2'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        expect((await storeFailure(() => registry.deleteModelVersion('redacted', '2'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        expect(
          (await storeFailure(() => registry.getModelVersionDownloadUri('redacted', '2'))).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
        const model = await registry.getRegisteredModel('redacted');
        expect(versionNumbers(model.latestVersions)).toEqual(['1']);
        expect(model.aliases).toEqual([]);
        const alias = await storeFailure(() => registry.getModelVersionByAlias('redacted', 'champion'));
        expect(alias.errorCode).toBe('INVALID_PARAMETER_VALUE');
        const found = await registry.searchModelVersions({ filter: "name = 'redacted'" });
        expect(versionNumbers(found.items)).toEqual(['1']);
      });
    });

    describe('aliases', () => {
      it('points aliases at versions, re-points them, and lists them sorted on versions and models', async () => {
        await modelWithVersions('aliased', 3);
        await registry.setRegisteredModelAlias('aliased', 'champion', '1');
        await registry.setRegisteredModelAlias('aliased', 'challenger', '1');
        const both = await registry.getModelVersionByAlias('aliased', 'champion');
        expect(both.version).toBe('1');
        expect(both.aliases).toEqual(['challenger', 'champion']);
        await registry.setRegisteredModelAlias('aliased', 'champion', '3');
        expect((await registry.getModelVersion('aliased', '3')).aliases).toEqual(['champion']);
        expect((await registry.getRegisteredModel('aliased')).aliases).toEqual([
          { alias: 'challenger', version: '1' },
          { alias: 'champion', version: '3' },
        ]);
      });

      it('refuses reserved and malformed alias names', async () => {
        await modelWithVersions('reserved', 1);
        for (const [alias, message] of [
          ['latest', "'latest' alias name (case insensitive) is reserved."],
          ['LaTeSt', "'latest' alias name (case insensitive) is reserved."],
          ['v2', "Version alias name 'v2' is reserved."],
          [
            'bad alias!',
            "Invalid alias name: 'bad alias!'. Names may only contain alphanumerics, underscores (_), and dashes (-).",
          ],
        ] as const) {
          const error = await storeFailure(() => registry.setRegisteredModelAlias('reserved', alias, '1'));
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
          expect(error.message).toBe(message);
        }
        await registry.setRegisteredModelAlias('reserved', 'v2-candidate_ok', '1');
      });

      it('answers 404 "Model Version ... not found" when the version or the model is missing', async () => {
        await modelWithVersions('target', 1);
        const version = await storeFailure(() => registry.setRegisteredModelAlias('target', 'x', '99'));
        expect(version.message).toBe('Model Version (name=target, version=99) not found');
        const model = await storeFailure(() => registry.setRegisteredModelAlias('nope', 'x', '1'));
        expect(model.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(model.message).toBe('Model Version (name=nope, version=1) not found');
      });

      it('deletes aliases (an unknown one is a no-op) and needs the model to exist', async () => {
        await modelWithVersions('unaliased', 1);
        await registry.setRegisteredModelAlias('unaliased', 'champion', '1');
        await registry.deleteRegisteredModelAlias('unaliased', 'champion');
        await registry.deleteRegisteredModelAlias('unaliased', 'ghost');
        expect((await registry.getRegisteredModel('unaliased')).aliases).toEqual([]);
        expect(
          (await storeFailure(() => registry.deleteRegisteredModelAlias('nope', 'ghost'))).errorCode,
        ).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('answers 400 INVALID_PARAMETER_VALUE for an unknown alias, and resolves latest to the highest version', async () => {
        await modelWithVersions('resolved', 3);
        await registry.transitionModelVersionStage('resolved', '1', 'Staging', false);
        const unknown = await storeFailure(() => registry.getModelVersionByAlias('resolved', 'ghost'));
        expect(unknown.errorCode).toBe('INVALID_PARAMETER_VALUE');
        expect(unknown.httpStatus).toBe(400);
        expect(unknown.message).toBe('Registered model alias ghost not found.');
        expect((await registry.getModelVersionByAlias('resolved', 'Latest')).version).toBe('3');
      });
    });

    describe('search', () => {
      it('searches registered models by name (= != LIKE case-sensitively, ILIKE not) and tags, name ASC', async () => {
        await registry.createRegisteredModel({ name: 'vec-model', tags: keyValues({ team: 'risk' }) });
        await registry.createRegisteredModel({ name: 'vec-other' });
        await registry.createRegisteredModel({ name: 'Vec-upper' });
        await registry.createRegisteredModel({ name: 'a/b' });
        const names = async (filter?: string) =>
          (await registry.searchRegisteredModels(filter === undefined ? {} : { filter })).items.map(
            (model) => model.name,
          );
        expect(await names()).toEqual(['Vec-upper', 'a/b', 'vec-model', 'vec-other']);
        expect(await names("name LIKE 'vec-%'")).toEqual(['vec-model', 'vec-other']);
        expect(await names("name ILIKE 'VEC-%'")).toEqual(['Vec-upper', 'vec-model', 'vec-other']);
        expect(await names("name = 'vec-other'")).toEqual(['vec-other']);
        expect(await names("name != 'vec-other'")).toEqual(['Vec-upper', 'a/b', 'vec-model']);
        expect(await names("tags.team = 'risk'")).toEqual(['vec-model']);
        expect(await names("tags.`team` LIKE 'r%' AND name LIKE 'vec%'")).toEqual(['vec-model']);
      });

      it('refuses OR, unknown attributes and unknown or duplicate order_by keys', async () => {
        for (const filter of ["name = 'a' OR name = 'b'", "description = 'x'"]) {
          expect((await storeFailure(() => registry.searchRegisteredModels({ filter }))).errorCode).toBe(
            'INVALID_PARAMETER_VALUE',
          );
        }
        const invalid = await storeFailure(() =>
          registry.searchRegisteredModels({ filter: "description = 'x'" }),
        );
        expect(invalid.message).toBe(
          "Invalid attribute key 'description' specified. Valid keys are '{'name'}'",
        );
        for (const orderBy of [['tags.team'], ['name', 'name DESC']]) {
          expect((await storeFailure(() => registry.searchRegisteredModels({ orderBy }))).errorCode).toBe(
            'INVALID_PARAMETER_VALUE',
          );
        }
      });

      it('orders registered models by name or update time, with name ASC breaking ties', async () => {
        await registry.createRegisteredModel({ name: 'b' });
        await registry.createRegisteredModel({ name: 'a' });
        await registry.createRegisteredModel({ name: 'c' });
        await registry.updateRegisteredModel('b', { description: 'touched' });
        const order = async (orderBy: string[]) =>
          (await registry.searchRegisteredModels({ orderBy })).items.map((model) => model.name);
        expect(await order(['name DESC'])).toEqual(['c', 'b', 'a']);
        expect(await order(['last_updated_timestamp DESC'])).toEqual(['b', 'c', 'a']);
        expect(await order(['timestamp ASC'])).toEqual(['a', 'c', 'b']);
        expect(await order(['creation_timestamp ASC'])).toEqual(['b', 'a', 'c']);
      });

      it('pages registered models with offset tokens given only when more rows exist, max_results 1..1000', async () => {
        for (const name of ['m1', 'm2', 'm3']) await registry.createRegisteredModel({ name });
        const first = await registry.searchRegisteredModels({ maxResults: 2 });
        expect(first.items.map((model) => model.name)).toEqual(['m1', 'm2']);
        expect(first.nextPageToken).toBe('eyJvZmZzZXQiOiAyfQ==');
        const second = await registry.searchRegisteredModels({
          maxResults: 2,
          pageToken: first.nextPageToken,
        });
        expect(second.items.map((model) => model.name)).toEqual(['m3']);
        expect(second.nextPageToken).toBeUndefined();
        for (const maxResults of [0, 1001]) {
          expect((await storeFailure(() => registry.searchRegisteredModels({ maxResults }))).errorCode).toBe(
            'INVALID_PARAMETER_VALUE',
          );
        }
        expect(
          (await storeFailure(() => registry.searchRegisteredModels({ pageToken: 'garbage!' }))).errorCode,
        ).toBe('INVALID_PARAMETER_VALUE');
      });

      it('hides prompts and prompt versions from searches unless the filter asks for them; get shows them', async () => {
        await modelWithVersions('model', 1);
        const prompt = keyValues({ 'mlflow.prompt.is_prompt': 'true' });
        await registry.createRegisteredModel({ name: 'prompt', tags: prompt });
        await registry.createModelVersion({ name: 'prompt', source: 'dummy-source', tags: prompt });
        const models = async (filter?: string) =>
          (await registry.searchRegisteredModels(filter === undefined ? {} : { filter })).items.map(
            (model) => model.name,
          );
        expect(await models()).toEqual(['model']);
        expect(await models("tags.`mlflow.prompt.is_prompt` = 'true'")).toEqual(['prompt']);
        expect(await models("tags.`mlflow.prompt.is_prompt` != 'false'")).toEqual(['prompt']);
        const versions = await registry.searchModelVersions({});
        expect(versions.items.map((version) => version.name)).toEqual(['model']);
        const promptVersions = await registry.searchModelVersions({
          filter: "tags.`mlflow.prompt.is_prompt` = 'true'",
        });
        expect(promptVersions.items.map((version) => version.name)).toEqual(['prompt']);
        expect((await registry.getRegisteredModel('prompt')).latestVersions).toHaveLength(1);
      });

      it('searches versions by name, run_id (also IN), source_path, version_number and tags', async () => {
        await registry.createRegisteredModel({ name: 'searched' });
        await registry.createModelVersion({ name: 'searched', source: 's3://b/1', runId: 'run-a' });
        await registry.createModelVersion({ name: 'searched', source: 'gs://b/2', runId: 'run-b' });
        await registry.createModelVersion({ name: 'searched', source: 's3://b/3', runId: 'run-a' });
        await registry.setModelVersionTag('searched', '2', { key: 'qa', value: 'passed' });
        const found = async (filter: string) =>
          versionNumbers(
            (await registry.searchModelVersions({ filter, orderBy: ['version_number ASC'] })).items,
          );
        expect(await found("run_id = 'run-a'")).toEqual(['1', '3']);
        expect(await found("run_id IN ('run-b', 'zzz')")).toEqual(['2']);
        expect(await found("source_path LIKE 's3://%'")).toEqual(['1', '3']);
        expect(await found("name = 'searched' AND version_number > 1")).toEqual(['2', '3']);
        expect(await found("version_number = '1'")).toEqual(['1']);
        expect(await found("tags.qa = 'passed'")).toEqual(['2']);
        const invalid = await storeFailure(() =>
          registry.searchModelVersions({ filter: "stage = 'Production'" }),
        );
        expect(invalid.message).toBe(
          "Invalid attribute key 'stage' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'",
        );
      });

      it('orders versions last updated first by default, then name ASC, then version DESC, and pages them', async () => {
        await modelWithVersions('ordered', 4);
        await registry.transitionModelVersionStage('ordered', '2', 'Staging', false);
        await registry.updateModelVersion('ordered', '1', { description: 'touched' });
        const page = await registry.searchModelVersions({ maxResults: 3 });
        expect(versionNumbers(page.items)).toEqual(['1', '2', '4']);
        expect(page.items.every((version) => version.aliases.length === 0)).toBe(true);
        const rest = await registry.searchModelVersions({ maxResults: 3, pageToken: page.nextPageToken });
        expect(versionNumbers(rest.items)).toEqual(['3']);
        expect(rest.nextPageToken).toBeUndefined();
        expect(
          versionNumbers((await registry.searchModelVersions({ orderBy: ['version_number DESC'] })).items),
        ).toEqual(['4', '3', '2', '1']);
      });
    });
  });
}
