import type { FastifyInstance } from 'fastify';
import type { RouteTable } from '../rpc/route-table.js';
import { sendErrorBody } from './error-response.js';

const MAXIMUM_PATH_IN_MESSAGE = 200;

function describePath(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  return path.length > MAXIMUM_PATH_IN_MESSAGE ? `${path.slice(0, MAXIMUM_PATH_IN_MESSAGE)}...` : path;
}

/**
 * Requests no route takes. An unknown path is 404 ENDPOINT_NOT_FOUND JSON, which MLflow clients
 * read as "not implemented here" (and fall back, e.g. traces V3 → V2). A known path called with
 * another method is 405 with `Allow`; OPTIONS on a known path is 204 with `Allow`.
 */
export function registerFallbackRoutes(app: FastifyInstance, routes: RouteTable): void {
  app.setNotFoundHandler((request, reply) => {
    const allowed = routes.allowedMethods(request.url);
    if (allowed !== undefined) {
      reply.header('allow', allowed.join(', '));
      if (request.method === 'OPTIONS') return reply.code(204).send();
      return sendErrorBody(reply, 405, {
        error_code: 'BAD_REQUEST',
        message: `Method ${request.method} is not allowed for ${describePath(request.url)}. Allowed: ${allowed.join(', ')}.`,
      });
    }
    return sendErrorBody(reply, 404, {
      error_code: 'ENDPOINT_NOT_FOUND',
      message: `No endpoint at ${request.method} ${describePath(request.url)}.`,
    });
  });
}
