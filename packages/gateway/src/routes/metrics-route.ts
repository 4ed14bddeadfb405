import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { OVERHEAD_HEADER, formatOverhead } from '../http/overhead-header.js';

/** `GET /metrics`: the app's Prometheus registry in the text exposition format. */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => {
    const started = performance.now();
    const text = await registry.metrics();
    return reply
      .header('content-type', registry.contentType)
      .header(OVERHEAD_HEADER, formatOverhead(performance.now() - started))
      .send(text);
  });
}
