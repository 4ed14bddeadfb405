import { MillraceError } from '@millrace/core';
import { formatNameList } from '../parsing/format-name-list.js';

/** The request formats `/invocations` accepts. */
export type InvocationFormat = 'json' | 'csv';

const SUPPORTED_MEDIA_TYPES = ['text/csv', 'application/json'];
const UNSUPPORTED_MEDIA_TYPE_STATUS = 415;

function unsupportedMediaType(message: string): MillraceError {
  return new MillraceError('BAD_REQUEST', message, { httpStatus: UNSUPPORTED_MEDIA_TYPE_STATUS });
}

function formatForMediaType(mediaType: string): InvocationFormat | undefined {
  // Compared exactly, as MLflow does: `Application/JSON` is refused.
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'text/csv') return 'csv';
  return undefined;
}

/**
 * Reads the `Content-Type` of an `/invocations` request (scoring-server.md §3): the media type must
 * be exactly `application/json` or `text/csv`; the only parameter allowed is `charset`, whose value
 * must be `utf-8` (any case). Everything else — including a missing header, which MLflow answers
 * with a 500 — is a 415 with an MLflow error body (code BAD_REQUEST).
 */
export function negotiateContentType(header: string | undefined): InvocationFormat {
  if (header === 'application/json') return 'json';
  if (header === undefined || header.trim() === '') {
    throw unsupportedMediaType(
      `Missing Content-Type header. This predictor only supports the following content types: ` +
        `Types: ${formatNameList(SUPPORTED_MEDIA_TYPES)}.`,
    );
  }
  const parts = header.split(';');
  const mediaType = (parts[0] ?? '').trim();
  const unrecognized: string[] = [];
  for (const part of parts.slice(1)) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const separator = trimmed.indexOf('=');
    const key = (separator === -1 ? trimmed : trimmed.slice(0, separator)).trim();
    if (key.toLowerCase() !== 'charset') {
      unrecognized.push(key);
      continue;
    }
    const value = separator === -1 ? '' : trimmed.slice(separator + 1).trim();
    if (value.replace(/^"(.*)"$/, '$1').toLowerCase() !== 'utf-8') {
      throw unsupportedMediaType('The scoring server only supports UTF-8');
    }
  }
  if (unrecognized.length > 0) {
    throw unsupportedMediaType(
      `Unrecognized content type parameters: ${unrecognized.join(', ')}. Millrace speaks the MLflow 2.0+ ` +
        `scoring protocol: send 'application/json' with the data under one of 'dataframe_split', ` +
        `'dataframe_records', 'instances' or 'inputs', or send 'text/csv'.`,
    );
  }
  const format = formatForMediaType(mediaType);
  if (format === undefined) {
    throw unsupportedMediaType(
      `This predictor only supports the following content types: ` +
        `Types: ${formatNameList(SUPPORTED_MEDIA_TYPES)}. Got '${header}'.`,
    );
  }
  return format;
}
