import { MillraceError } from '@millrace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';

/**
 * Registers routes whose request bodies reach the handler as the raw request stream, whatever
 * their Content-Type (artifact uploads: any type, any size, never buffered). Fastify's parsers are
 * scoped, so this affects only the routes registered in `register`.
 */
export function registerStreamingRoutes(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => void,
): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    register(scope);
  });
}

/** The body of a request of a streaming route (an empty stream when there is none). */
export function requestBodyStream(request: FastifyRequest): Readable {
  return request.body instanceof Readable ? request.body : Readable.from([]);
}

/** The Content-Length the client declared, if any. */
export function declaredContentLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined || request.headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * What an upload that failed while its body was read becomes: the client's own fault (it went away
 * or sent less than it announced) is a 400, not an internal error.
 */
export function uploadFailure(error: unknown, request: FastifyRequest): unknown {
  if (MillraceError.isInstance(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (
    request.raw.destroyed ||
    request.raw.aborted ||
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE'
  ) {
    return new MillraceError('BAD_REQUEST', 'The request body ended before it was complete.', {
      cause: error,
    });
  }
  return error;
}
