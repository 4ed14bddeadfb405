import { bodyTooLarge, type ErrorBody, MillraceError } from '@millrace/core';
import { negotiateContentType } from '../http/content-type.js';
import type { ScoringLogger } from '../scoring-logger.js';

/** An error answer: the status and the MLflow error JSON. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

interface FrameworkError {
  code: string;
  statusCode?: number;
  message: string;
}

function isFrameworkError(error: unknown): error is FrameworkError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Partial<FrameworkError>).code;
  return typeof code === 'string' && code.startsWith('FST_');
}

/** The answer for a `MillraceError`: its status, code and message. */
export function fromMillraceError(error: MillraceError): ErrorResponse {
  return { status: error.httpStatus, body: { error_code: error.errorCode, message: error.message } };
}

export interface ErrorResponderOptions {
  maxBodyBytes: number;
  logger: ScoringLogger;
}

/**
 * Maps anything thrown while handling a request to an MLflow error body: a `MillraceError` keeps
 * its code, status and message; the HTTP framework's own client errors (body too large, bad media
 * type, bad content length) become BAD_REQUEST with their status; anything else is a 500
 * INTERNAL_ERROR whose details (and stack) go to the server log only.
 */
export function createErrorResponder(options: ErrorResponderOptions) {
  return function toErrorResponse(error: unknown, contentTypeHeader?: string): ErrorResponse {
    if (MillraceError.isInstance(error)) return fromMillraceError(error);
    if (isFrameworkError(error)) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return fromMillraceError(bodyTooLarge(options.maxBodyBytes));
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        try {
          negotiateContentType(contentTypeHeader);
        } catch (negotiationError) {
          if (MillraceError.isInstance(negotiationError)) return fromMillraceError(negotiationError);
        }
        return fromMillraceError(
          new MillraceError('BAD_REQUEST', `Invalid Content-Type header.`, { httpStatus: 415 }),
        );
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return fromMillraceError(new MillraceError('BAD_REQUEST', error.message, { httpStatus: status }));
      }
    }
    options.logger.error(
      `Internal error while handling a request: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return {
      status: 500,
      body: { error_code: 'INTERNAL_ERROR', message: 'Internal error while handling the request.' },
    };
  };
}
