import { MillraceError } from '@millrace/core';
import type { FastifyInstance } from 'fastify';
import { fromMillraceError } from '../response/error-response.js';
import { sendError } from '../response/send-error.js';
import { type RouteTable, routePath } from './route-table.js';

const MAXIMUM_PATH_IN_MESSAGE = 200;

function describePath(url: string): string {
  const path = routePath(url);
  return path.length > MAXIMUM_PATH_IN_MESSAGE ? `${path.slice(0, MAXIMUM_PATH_IN_MESSAGE)}...` : path;
}

/**
 * Requests no route takes: a known path with another method is 405 BAD_REQUEST with `Allow`; an
 * unknown path is 404 ENDPOINT_NOT_FOUND. Both answer MLflow error JSON (FastAPI answers
 * `{"detail": ...}` there).
 */
export function registerFallbackRoutes(app: FastifyInstance, routes: RouteTable): void {
  app.setNotFoundHandler((request, reply) => {
    const allowed = routes.allowedMethods(request.url);
    if (allowed !== undefined) {
      const error = new MillraceError(
        'BAD_REQUEST',
        `Method ${request.method} is not allowed for ${describePath(request.url)}. Allowed: ${allowed.join(', ')}.`,
        { httpStatus: 405 },
      );
      return sendError(reply.header('allow', allowed.join(', ')), fromMillraceError(error));
    }
    const error = new MillraceError(
      'ENDPOINT_NOT_FOUND',
      `No endpoint at ${request.method} ${describePath(request.url)}.`,
    );
    return sendError(reply, fromMillraceError(error));
  });
}
