import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '@millrace/core';
import type { ArtifactRepository } from './artifact-repository.js';
import { createLocalArtifactRepository } from './local-artifact-repository.js';
import { createS3ArtifactRepository, type S3ArtifactRepositoryOptions } from './s3-artifact-repository.js';

export type ArtifactRepositoryOptions = S3ArtifactRepositoryOptions;

/** `s3`, `file`, `mlflow-artifacts`; '' for a plain path (a Windows drive letter is a path too). */
function schemeOf(uri: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (match === null || /^[A-Za-z]:[\\/]/.test(uri)) return '';
  return (match[1] ?? '').toLowerCase();
}

/** The local directory of a `file:` URI (`file:///abs`, `file:relative`) or a plain path. */
export function localArtifactDirectory(uri: string): string {
  if (schemeOf(uri) !== 'file') return path.resolve(uri);
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  return path.resolve(decodeURIComponent(uri.slice('file:'.length)));
}

/**
 * The artifact repository for a root URI, picked by scheme: `s3://bucket/prefix` (S3 or an
 * S3-compatible store, see `s3ClientConfig`), `file:///path` or a plain path (a local directory,
 * relative paths against the working directory). Proxied roots (`mlflow-artifacts:/…`) are not
 * repositories of their own: the tracking server resolves them to its artifacts destination.
 * Other schemes are refused with INVALID_PARAMETER_VALUE.
 */
export function createArtifactRepository(
  uri: string,
  options: ArtifactRepositoryOptions = {},
): ArtifactRepository {
  const scheme = schemeOf(uri);
  switch (scheme) {
    case 's3':
      return createS3ArtifactRepository(uri, options);
    case '':
    case 'file':
      return createLocalArtifactRepository(localArtifactDirectory(uri));
    default:
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Artifact URI '${uri}': the scheme '${scheme}' is not supported here (supported: s3://, file://, local paths).`,
      );
  }
}
