import { MillraceError } from '@millrace/core';
import { unknownMultipartUpload } from './multipart-checks.js';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * An S3 failure as the repository reports it: a missing object or upload is
 * RESOURCE_DOES_NOT_EXIST, refused parts are INVALID_PARAMETER_VALUE, throttling and unavailability
 * are TEMPORARILY_UNAVAILABLE (clients retry); anything else (credentials, missing bucket) stays
 * an internal failure for the server's log.
 */
export function s3Failure(error: unknown, context: { path: string; uploadId?: string }): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const { name, message, $metadata } = error as SdkError;
  switch (name) {
    case 'NoSuchKey':
    case 'NotFound':
      return new MillraceError('RESOURCE_DOES_NOT_EXIST', `No artifact file at '${context.path}'.`, {
        cause: error,
      });
    case 'NoSuchUpload':
      return unknownMultipartUpload(context.uploadId ?? '');
    case 'InvalidPart':
    case 'InvalidPartOrder':
    case 'EntityTooSmall':
    case 'InvalidArgument':
      return new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `S3 refused the multipart upload: ${name}: ${message ?? ''}`,
        {
          cause: error,
        },
      );
    case 'SlowDown':
    case 'ServiceUnavailable':
      return new MillraceError('TEMPORARILY_UNAVAILABLE', `S3 asked to retry later: ${message ?? name}`, {
        cause: error,
      });
    default:
      break;
  }
  if ($metadata?.httpStatusCode === 503) {
    return new MillraceError('TEMPORARILY_UNAVAILABLE', `S3 is unavailable: ${message ?? ''}`, {
      cause: error,
    });
  }
  return error;
}
