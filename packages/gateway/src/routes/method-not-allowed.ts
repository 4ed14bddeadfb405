import type { FastifyInstance, HTTPMethods } from 'fastify';
import { sendJson } from '../http/send-json.js';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Answers FastAPI's `405 {"detail": "Method Not Allowed"}` (with `Allow`) for the other methods of a path. */
export function registerMethodNotAllowed(
  app: FastifyInstance,
  url: string,
  allowed: readonly HTTPMethods[],
): void {
  const allowedWithHead = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  const others = METHODS.filter((method) => !allowedWithHead.includes(method));
  app.route({
    method: others,
    url,
    handler: (_request, reply) =>
      sendJson(
        reply.header('allow', allowed.join(', ')),
        405,
        { detail: 'Method Not Allowed' },
        performance.now(),
      ),
  });
}
