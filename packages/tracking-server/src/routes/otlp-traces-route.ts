import type { FastifyInstance } from 'fastify';
import type { RouteTable } from '../rpc/route-table.js';

/** What MLflow's Python client looks for to stop sending spans for the session. */
export const OTLP_NOT_SUPPORTED_DETAIL =
  "REST OTLP span logging is not supported by Millrace's tracking store: spans are uploaded as traces.json artifacts.";

/**
 * `POST /v1/traces` (OTLP span ingestion, tracking spec §3.7.4) is not implemented: it answers as
 * MLflow does for a store without span support, 501 `{"detail": "REST OTLP span logging is not
 * supported by ..."}`, which makes the Python client fall back to `traces.json` uploads (a missing
 * `x-mlflow-experiment-id` header is 422, as FastAPI's validation answers). Not under the static
 * prefix, like MLflow's FastAPI routes.
 */
export function registerOtlpTracesRoute(app: FastifyInstance, routes: RouteTable): void {
  routes.add('/v1/traces', 'POST');
  app.post('/v1/traces', async (request, reply) => {
    const experimentId = request.headers['x-mlflow-experiment-id'];
    if (typeof experimentId !== 'string' || experimentId === '') {
      return reply.code(422).send({
        detail: [{ type: 'missing', loc: ['header', 'x-mlflow-experiment-id'], msg: 'Field required' }],
      });
    }
    return reply.code(501).send({ detail: OTLP_NOT_SUPPORTED_DETAIL });
  });
}
