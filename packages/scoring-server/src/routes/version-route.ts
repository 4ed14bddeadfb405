import type { FastifyInstance } from 'fastify';
import type { RouteTable } from './route-table.js';

/** `GET /version`: the Millrace version as a JSON string (MLflow sends it unquoted, which is not JSON). */
export function registerVersionRoute(app: FastifyInstance, routes: RouteTable, version: string): void {
  const body = JSON.stringify(version);
  routes.add('/version', 'GET');
  app.get('/version', (_request, reply) => reply.header('content-type', 'application/json').send(body));
}
