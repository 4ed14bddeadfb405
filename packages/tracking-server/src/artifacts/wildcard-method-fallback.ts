import type { FastifyInstance, HTTPMethods } from 'fastify';
import { sendErrorBody } from '../routes/error-response.js';

const METHODS: readonly HTTPMethods[] = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];

/**
 * For a route with a `*` path (which the app's route table does not match), answers the other
 * methods as the app does for its exact routes: 405 with `Allow`, and 204 with `Allow` for OPTIONS.
 */
export function registerWildcardMethodFallback(
  app: FastifyInstance,
  url: string,
  allowed: readonly HTTPMethods[],
): void {
  const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])]
    .sort()
    .join(', ');
  const refused = METHODS.filter((method) => !allowed.includes(method));
  app.route({
    method: [...refused, 'OPTIONS'],
    url,
    handler: async (request, reply) => {
      reply.header('allow', allow);
      if (request.method === 'OPTIONS') return reply.code(204).send();
      const path = request.url.split('?', 1)[0] ?? '';
      return sendErrorBody(reply, 405, {
        error_code: 'BAD_REQUEST',
        message: `Method ${request.method} is not allowed for ${path.slice(0, 200)}. Allowed: ${allow}.`,
      });
    },
  });
}
