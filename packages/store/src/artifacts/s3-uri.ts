import { MillraceError } from '@millrace/core';
import { normalizeArtifactPath } from './artifact-path.js';

export interface S3Location {
  bucket: string;
  /** The key prefix every artifact key starts with ('' for the bucket's root), without slashes around it. */
  prefix: string;
}

/** `s3://bucket/some/prefix` → `{ bucket: 'bucket', prefix: 'some/prefix' }`. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/.exec(uri);
  if (match === null) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Not an S3 URI: '${uri}'. Expected s3://<bucket>[/<prefix>], without a query or fragment.`,
    );
  }
  return { bucket: match[1] ?? '', prefix: normalizeArtifactPath((match[2] ?? '').replace(/^\/+/, '')) };
}
