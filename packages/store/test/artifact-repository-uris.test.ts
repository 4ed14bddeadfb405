import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createArtifactRepository,
  localArtifactDirectory,
  parseS3Uri,
  proxiedArtifactPath,
  s3ClientConfig,
} from '../src/index.js';

describe('createArtifactRepository', () => {
  it('picks a local directory for plain paths and file: URIs', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'millrace-uri-'));
    try {
      const viaPath = createArtifactRepository(path.join(root, 'store'));
      await viaPath.writeArtifact('a.txt', Readable.from([Buffer.from('a')]));
      const viaUri = createArtifactRepository(pathToFileURL(path.join(root, 'store')).href);
      expect(await viaUri.listArtifacts()).toEqual([{ path: 'a.txt', isDir: false, fileSize: 1 }]);
      expect(viaUri.rootUri).toBe(pathToFileURL(path.join(root, 'store')).href);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('resolves relative paths and file: forms against the working directory', () => {
    expect(localArtifactDirectory('./mlartifacts')).toBe(path.resolve('mlartifacts'));
    expect(localArtifactDirectory('file:mlruns/1')).toBe(path.resolve('mlruns/1'));
    expect(localArtifactDirectory('file:///tmp/x%20y')).toBe('/tmp/x y');
  });

  it('picks S3 for s3:// URIs and refuses other schemes', () => {
    expect(createArtifactRepository('s3://bucket/some/prefix', { environment: {} }).rootUri).toBe(
      's3://bucket/some/prefix',
    );
    for (const uri of [
      'gs://bucket/x',
      'wasbs://c@a.blob.core.windows.net/x',
      'mlflow-artifacts:/1',
      'hdfs:/x',
    ]) {
      expect(() => createArtifactRepository(uri)).toThrow(/not supported/);
    }
  });
});

describe('parseS3Uri', () => {
  it('splits the bucket from a normalised prefix', () => {
    expect(parseS3Uri('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Uri('s3://bucket/')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Uri('s3://bucket/a//b/')).toEqual({ bucket: 'bucket', prefix: 'a/b' });
  });

  it('refuses malformed URIs and traversal in the prefix', () => {
    expect(() => parseS3Uri('s3:/bucket')).toThrow(/Not an S3 URI/);
    expect(() => parseS3Uri('s3://bucket/a?versionId=1')).toThrow(/Not an S3 URI/);
    expect(() => parseS3Uri('s3://bucket/a/../b')).toThrow(/Invalid path/);
  });
});

describe('s3ClientConfig', () => {
  it('reads the endpoint, addressing style, credentials and region as MLflow does', () => {
    expect(
      s3ClientConfig({
        MLFLOW_S3_ENDPOINT_URL: 'http://minio:9000',
        AWS_ACCESS_KEY_ID: 'key',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
        AWS_DEFAULT_REGION: 'eu-west-3',
      }),
    ).toEqual({
      region: 'eu-west-3',
      forcePathStyle: true,
      endpoint: 'http://minio:9000',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret', sessionToken: 'token' },
    });
  });

  it('uses virtual-hosted addressing and the SDK credential chain on AWS by default', () => {
    expect(s3ClientConfig({})).toEqual({ region: 'us-east-1', forcePathStyle: false });
    expect(s3ClientConfig({ MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE: 'path', AWS_REGION: 'us-west-2' })).toEqual({
      region: 'us-west-2',
      forcePathStyle: true,
    });
    expect(
      s3ClientConfig({
        MLFLOW_S3_ENDPOINT_URL: 'https://s3.example',
        MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE: 'virtual',
      }).forcePathStyle,
    ).toBe(false);
    expect(
      s3ClientConfig({ AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required' }).requestChecksumCalculation,
    ).toBe('WHEN_REQUIRED');
  });
});

describe('proxiedArtifactPath', () => {
  it('maps proxied URIs to paths inside the artifacts destination', () => {
    expect(proxiedArtifactPath('mlflow-artifacts:/1/abc/artifacts')).toBe('1/abc/artifacts');
    expect(proxiedArtifactPath('mlflow-artifacts:/')).toBe('');
    expect(proxiedArtifactPath('mlflow-artifacts://other-host:5001/2/models/m-1/artifacts')).toBe(
      '2/models/m-1/artifacts',
    );
    expect(proxiedArtifactPath('http://host:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts')).toBe(
      '1/abc/artifacts',
    );
    expect(proxiedArtifactPath('https://host/base/api/2.0/mlflow-artifacts/artifacts/uni%20c%C3%B4de')).toBe(
      'uni côde',
    );
  });

  it('says undefined for roots that are not proxied', () => {
    for (const uri of [
      's3://bucket/1',
      'file:///tmp/x',
      './mlruns/1',
      'http://host/files/1',
      'https://host/api/2.0/mlflow-artifacts/artifactsX',
    ]) {
      expect(proxiedArtifactPath(uri)).toBeUndefined();
    }
  });

  it('refuses proxied roots that climb out of the destination', () => {
    expect(() => proxiedArtifactPath('mlflow-artifacts:/../etc')).toThrow(/Invalid path/);
    expect(() => proxiedArtifactPath('http://host/api/2.0/mlflow-artifacts/artifacts/%2e%2e/etc')).toThrow(
      /Invalid path/,
    );
  });
});
