import type { FastifyInstance } from 'fastify';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import type { RouteTable } from './route-table.js';

/** `GET /metrics`: the app's Prometheus metrics in the text exposition format. */
export function registerMetricsRoute(
  app: FastifyInstance,
  routes: RouteTable,
  metrics: ScoringMetrics,
): void {
  routes.add('/metrics', 'GET');
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await metrics.render();
    return reply.header('content-type', contentType).send(text);
  });
}
