import { MillraceError } from '@millrace/core';

/**
 * MLflow's rule for POST and PUT bodies: a Content-Type header whose media type is
 * `application/json` (parameters such as `charset` allowed). Media types are compared
 * case-insensitively (RFC 9110); MLflow 3.6 compares them case-sensitively.
 */
export function requireJsonContentType(header: string | undefined): void {
  if (header === undefined || header.trim() === '') {
    throw new MillraceError('INVALID_PARAMETER_VALUE', 'Bad Request. Content-Type header is missing.');
  }
  const mediaType = (header.split(';', 1)[0] ?? '').trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "Bad Request. Content-Type must be one of ['application/json'].",
    );
  }
}
