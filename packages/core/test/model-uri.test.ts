import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MillraceError, parseModelUri } from '../src/index.js';

const MODELS_URI_FORM =
  "Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias' where suffix is a version, stage, " +
  "or the string 'latest' and where alias is a registered model alias. Only one of suffix or alias can be defined at a time.";

function errorOf(uri: string): MillraceError {
  try {
    parseModelUri(uri);
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${uri} to be refused`);
}

describe('parseModelUri: local paths', () => {
  it('resolves absolute and relative paths', () => {
    expect(parseModelUri('/abs/model')).toEqual({ kind: 'local', uri: '/abs/model', path: '/abs/model' });
    expect(parseModelUri('rel/model')).toMatchObject({ kind: 'local', path: path.resolve('rel/model') });
  });

  it('turns file: URIs into absolute paths, decoding percent-escapes', () => {
    expect(parseModelUri('file:///tmp/my%20model')).toMatchObject({ kind: 'local', path: '/tmp/my model' });
    expect(parseModelUri('file:/tmp/model')).toMatchObject({ kind: 'local', path: '/tmp/model' });
    expect(parseModelUri('file:relative/model')).toMatchObject({
      kind: 'local',
      path: path.resolve('relative/model'),
    });
  });

  it('refuses a file: URI with a remote host', () => {
    expect(errorOf('file://server/share/model').message).toMatch(
      /^Not a proper file: URI: file:\/\/server\/share\/model\./,
    );
  });

  it('treats a Windows drive letter as a path, not a scheme', () => {
    expect(parseModelUri('C:\\models\\m').kind).toBe('local');
  });

  it('refuses an empty URI', () => {
    expect(errorOf('  ').errorCode).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('parseModelUri: runs:/', () => {
  it('splits the run id and the artifact path', () => {
    expect(parseModelUri('runs:/0a1b2c/model')).toEqual({
      kind: 'runs',
      uri: 'runs:/0a1b2c/model',
      runId: '0a1b2c',
      artifactPath: 'model',
    });
    expect(parseModelUri('runs:/0a1b2c/nested/dir/')).toMatchObject({ artifactPath: 'nested/dir' });
    expect(parseModelUri('runs:/0a1b2c')).toMatchObject({ runId: '0a1b2c', artifactPath: null });
  });

  it("refuses malformed runs URIs with MLflow's message", () => {
    for (const uri of ['runs:', 'runs:/', 'runs:relative/x', 'runs://profile/run/model', 'runs://']) {
      const error = errorOf(uri);
      expect(error.errorCode, uri).toBe('INVALID_PARAMETER_VALUE');
      expect(error.message, uri).toBe(
        `Not a proper runs:/ URI: ${uri}. Runs URIs must be of the form 'runs:/<run_id>/run-relative/path/to/artifact'`,
      );
    }
  });
});

describe('parseModelUri: models:/', () => {
  it('parses a version', () => {
    expect(parseModelUri('models:/my-model/3')).toEqual({
      kind: 'models',
      uri: 'models:/my-model/3',
      name: 'my-model',
      subPath: null,
      selector: 'version',
      version: '3',
    });
  });

  it('parses latest case-insensitively', () => {
    expect(parseModelUri('models:/m/Latest')).toMatchObject({
      kind: 'models',
      name: 'm',
      selector: 'latest',
    });
  });

  it('parses any other suffix as a stage', () => {
    expect(parseModelUri('models:/m/Production')).toMatchObject({ selector: 'stage', stage: 'Production' });
  });

  it('parses an alias', () => {
    expect(parseModelUri('models:/m@champion')).toMatchObject({
      kind: 'models',
      name: 'm',
      selector: 'alias',
      alias: 'champion',
      subPath: null,
    });
  });

  it('keeps sub-paths after the version, stage or alias', () => {
    expect(parseModelUri('models:/m/2/data/weights.bin')).toMatchObject({
      selector: 'version',
      version: '2',
      subPath: 'data/weights.bin',
    });
    expect(parseModelUri('models:/m@prod/artifacts')).toMatchObject({
      selector: 'alias',
      alias: 'prod',
      subPath: 'artifacts',
    });
  });

  it('parses one segment without @ as a logged model id (not latest)', () => {
    expect(parseModelUri('models:/m-0123456789abcdef')).toEqual({
      kind: 'model-id',
      uri: 'models:/m-0123456789abcdef',
      modelId: 'm-0123456789abcdef',
    });
    expect(parseModelUri('models:/MyModel')).toMatchObject({ kind: 'model-id', modelId: 'MyModel' });
  });

  it('accepts an empty authority (models:///name/1)', () => {
    expect(parseModelUri('models:///m/1')).toMatchObject({ kind: 'models', name: 'm', version: '1' });
  });

  it("refuses malformed models URIs with MLflow's message", () => {
    for (const uri of [
      'models:',
      'models:/',
      'models:m/1',
      'models:/ /1',
      'models:/m/ ',
      'models:/m//1',
      'models:/m@',
      'models:/@a',
      'models://profile@databricks/m/1',
    ]) {
      const error = errorOf(uri);
      expect(error.errorCode, uri).toBe('INVALID_PARAMETER_VALUE');
      expect(error.message, uri).toBe(`Not a proper models:/ URI: ${uri}. ${MODELS_URI_FORM}`);
    }
  });
});

describe('parseModelUri: other schemes', () => {
  it('keeps artifact locations as they are', () => {
    for (const [uri, scheme] of [
      ['s3://bucket/path/model', 's3'],
      ['mlflow-artifacts:/1/models/m-abc/artifacts', 'mlflow-artifacts'],
      ['https://example.com/model', 'https'],
      ['dbfs:/databricks/model', 'dbfs'],
    ] as const) {
      expect(parseModelUri(uri)).toEqual({ kind: 'artifact', uri, scheme });
    }
  });
});
