import type { FastifyInstance } from 'fastify';
import { OVERHEAD_HEADER } from '../http/overhead-header.js';
import { sendJson } from '../http/send-json.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

const ENDPOINTS_PATH = '/api/2.0/endpoints/';

/**
 * `GET /health` → `{"status": "OK"}`. `GET /` redirects (307) to the endpoint list: MLflow redirects
 * to its Swagger UI at `/docs`, which Millrace does not serve.
 */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/health', (_request, reply) => sendJson(reply, 200, { status: 'OK' }, performance.now()));
  registerMethodNotAllowed(app, '/health', ['GET']);
  app.get('/', (_request, reply) =>
    reply.code(307).header('location', ENDPOINTS_PATH).header(OVERHEAD_HEADER, '0.000').send(),
  );
}
