import { describe, expect, it } from 'vitest';
import {
  artifactFileUrl,
  checkArtifactPath,
  joinArtifactPath,
  resolveArtifactLocation,
} from '../src/artifacts/artifact-location.js';

const TRACKING = 'http://127.0.0.1:5000/base';

describe('resolveArtifactLocation', () => {
  it('maps mlflow-artifacts URIs onto the tracking server', () => {
    expect(resolveArtifactLocation('mlflow-artifacts:/1/abc/artifacts', TRACKING)).toEqual({
      serviceUrl: 'http://127.0.0.1:5000/base/api/2.0/mlflow-artifacts/artifacts',
      path: '1/abc/artifacts',
    });
    expect(resolveArtifactLocation('mlflow-artifacts:///1/models/m-1/artifacts/', TRACKING).path).toBe(
      '1/models/m-1/artifacts',
    );
    expect(resolveArtifactLocation('mlflow-artifacts:/', TRACKING).path).toBe('');
  });

  it('lets a host in the URI replace the tracking server', () => {
    expect(resolveArtifactLocation('mlflow-artifacts://other:5001/2/x', 'https://tracking.example')).toEqual({
      serviceUrl: 'https://other:5001/api/2.0/mlflow-artifacts/artifacts',
      path: '2/x',
    });
  });

  it('accepts http URLs of the artifact service', () => {
    expect(
      resolveArtifactLocation('http://h:1/p/api/2.0/mlflow-artifacts/artifacts/3/a%20b', TRACKING),
    ).toEqual({
      serviceUrl: 'http://h:1/p/api/2.0/mlflow-artifacts/artifacts',
      path: '3/a b',
    });
  });

  it('refuses locations a tracking server does not serve', () => {
    for (const uri of ['s3://bucket/x', '/local/path', 'file:///x', 'http://h/other']) {
      expect(() => resolveArtifactLocation(uri, TRACKING)).toThrow('is not served by a tracking server');
    }
  });
});

describe('artifact paths', () => {
  it('joins and encodes path segments', () => {
    expect(joinArtifactPath('a/', undefined, '/b/c/', '', 'd')).toBe('a/b/c/d');
    const location = resolveArtifactLocation('mlflow-artifacts:/1/r/artifacts', TRACKING);
    expect(artifactFileUrl(location, 'my model/MLmodel#1')).toBe(
      'http://127.0.0.1:5000/base/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/my%20model/MLmodel%231',
    );
  });

  it('refuses paths that climb out or are absolute', () => {
    for (const bad of ['../x', 'a/../../b', '/abs', 'a\\b'])
      expect(() => checkArtifactPath(bad)).toThrow('Invalid artifact path');
    expect(() => checkArtifactPath('model/sub.dir/file')).not.toThrow();
  });
});
