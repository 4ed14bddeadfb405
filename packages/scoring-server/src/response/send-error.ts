import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from './error-response.js';

/** Writes an MLflow error answer: the status and `{"error_code", "message"}` as `application/json`. */
export function sendError(reply: FastifyReply, response: ErrorResponse): FastifyReply {
  return reply
    .code(response.status)
    .header('content-type', 'application/json')
    .send(JSON.stringify(response.body));
}
