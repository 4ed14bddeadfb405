import type { FastifyInstance } from 'fastify';
import type { RouteTable } from '../rpc/route-table.js';

/** `GET /health` → `OK`; `GET /version` → the bare MLflow version string clients gate features on. */
export function registerHealthRoutes(
  app: FastifyInstance,
  routes: RouteTable,
  options: { version: string; staticPrefix: string },
): void {
  const health = `${options.staticPrefix}/health`;
  const version = `${options.staticPrefix}/version`;
  routes.add(health, 'GET');
  routes.add(version, 'GET');
  app.get(health, async (_request, reply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').send('OK'),
  );
  app.get(version, async (_request, reply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').send(options.version),
  );
}
