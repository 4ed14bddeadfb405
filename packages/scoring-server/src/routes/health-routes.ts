import type { FastifyInstance } from 'fastify';
import type { RouteTable } from './route-table.js';

/** The health answer: valid JSON (MLflow answers a bare newline labelled application/json). */
export const HEALTH_BODY = '{"status":"ok"}';

/** `GET|HEAD /ping` and `/health`: 200 once the model is loaded (the app exists only then). */
export function registerHealthRoutes(app: FastifyInstance, routes: RouteTable): void {
  for (const path of ['/ping', '/health']) {
    routes.add(path, 'GET');
    app.get(path, (_request, reply) => reply.header('content-type', 'application/json').send(HEALTH_BODY));
  }
}
