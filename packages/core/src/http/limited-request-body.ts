import type { IncomingMessage } from 'node:http';
import { MillraceError } from '../errors/millrace-error.js';

/** 413 BAD_REQUEST: the request body is over the server's limit. */
export function bodyTooLarge(maxBodyBytes: number): MillraceError {
  return new MillraceError(
    'BAD_REQUEST',
    `The request body is larger than the limit of ${maxBodyBytes} bytes.`,
    { httpStatus: 413 },
  );
}

export interface LimitedRequestBodyHandlers {
  /** The whole body, as UTF-8 text. */
  onBody(text: string): void;
  /** The body is over the limit (called once, instead of `onBody`); the rest is not kept. */
  onTooLarge(error: MillraceError): void;
}

/**
 * Reads a node:http request body of at most `maxBodyBytes`, for the servers' hot paths that run
 * ahead of fastify: a Content-Length over the limit is refused before reading, a body that grows
 * past it while streaming (chunked) as soon as it does. A connection that breaks while sending
 * calls neither handler.
 */
export function readLimitedRequestBody(
  request: IncomingMessage,
  maxBodyBytes: number,
  handlers: LimitedRequestBodyHandlers,
): void {
  const declaredLength = request.headers['content-length'];
  if (declaredLength !== undefined && Number(declaredLength) > maxBodyBytes) {
    handlers.onTooLarge(bodyTooLarge(maxBodyBytes));
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let receivedBytes = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    receivedBytes += chunk.length;
    if (receivedBytes > maxBodyBytes) {
      refused = true;
      chunks.length = 0;
      handlers.onTooLarge(bodyTooLarge(maxBodyBytes));
      return;
    }
    chunks.push(chunk);
  });
  request.on('error', () => {
    // The client's connection broke while sending: there is nobody to answer.
  });
  request.on('end', () => {
    if (refused) return;
    const [only] = chunks;
    handlers.onBody(
      chunks.length === 1 && only !== undefined
        ? only.toString('utf8')
        : Buffer.concat(chunks, receivedBytes).toString('utf8'),
    );
  });
}
