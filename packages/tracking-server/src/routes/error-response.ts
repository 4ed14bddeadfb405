import { bodyTooLarge, type ErrorBody, MillraceError } from '@millrace/core';
import type { FastifyReply } from 'fastify';

/** Where the server reports failures it cannot blame on the request (with stack traces). */
export interface TrackingServerLogger {
  error(message: string): void;
}

export const consoleTrackingServerLogger: TrackingServerLogger = {
  error: (message) => console.error(message),
};

interface FrameworkError {
  code: string;
  statusCode?: number;
  message: string;
}

function isFrameworkError(error: unknown): error is FrameworkError {
  return (
    error instanceof Error &&
    typeof (error as Partial<FrameworkError>).code === 'string' &&
    ((error as Partial<FrameworkError>).code as string).startsWith('FST_')
  );
}

/** Writes `{"error_code", "message"}` with the error's status. */
export function sendErrorBody(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** An error as it is answered: the status and MLflow's error JSON. */
export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

/**
 * Turns anything thrown while handling a request into MLflow's error JSON: a MillraceError keeps
 * its code, status and message; the HTTP framework's client errors (body too large, malformed
 * headers) become 4xx BAD_REQUEST; anything else is 500 INTERNAL_ERROR with a generic message,
 * its details and stack going to the log only. Framework-free: fastify's error handler and the
 * node:http RPC path (`raw-rpc-handler.ts`) both send what it answers.
 */
export function createErrorAnswerer(options: { logger: TrackingServerLogger; maxBodyBytes: number }) {
  return function answerError(error: unknown): ErrorAnswer {
    let failure: MillraceError | undefined = MillraceError.isInstance(error) ? error : undefined;
    if (failure === undefined && isFrameworkError(error)) {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') failure = bodyTooLarge(options.maxBodyBytes);
      else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        failure = new MillraceError('BAD_REQUEST', error.message, { httpStatus: error.statusCode });
      }
    }
    if (failure !== undefined) {
      return {
        status: failure.httpStatus,
        body: { error_code: failure.errorCode, message: failure.message },
      };
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
