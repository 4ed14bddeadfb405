import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendJson } from '../http/send-json.js';
import { parseJsonBody } from '../requests/parse-json-body.js';
import { validateRequest } from '../requests/validate-request.js';
import type { GatewayContext } from './gateway-context.js';
import { invokeTarget, sendErrorReply } from './invoke-target.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

interface NameParams {
  name: string;
}

/**
 * `POST /endpoints/{name}/invocations` and its legacy alias `POST /gateway/{name}/invocations`: the
 * body of the endpoint's (or traffic route's) type, MLflow's `{"detail": ...}` errors. An unknown
 * name is FastAPI's generic `404 {"detail": "Not Found"}`, as in MLflow (no route exists for it).
 */
export function registerInvocationRoutes(app: FastifyInstance, context: GatewayContext): void {
  const handler = async (
    request: FastifyRequest<{ Params: NameParams }>,
    reply: FastifyReply,
  ): Promise<void> => {
    const started = performance.now();
    const runtime = context.current();
    runtime.enter();
    try {
      const target = runtime.targets.get(request.params.name);
      if (target === undefined) {
        context.metrics.unboundRequest(404);
        sendJson(reply, 404, { detail: 'Not Found' }, started);
        return;
      }
      let validated;
      try {
        validated = validateRequest(
          target.endpointType,
          parseJsonBody(request.body as string | undefined, request.headers['content-type']),
        );
      } catch (error) {
        context.metrics.unboundRequest(
          sendErrorReply(reply, error, 'mlflow', performance.now() - started, context),
        );
        return;
      }
      await invokeTarget(target, validated, 'mlflow', request, reply, started, context);
    } finally {
      runtime.leave();
    }
  };
  for (const prefix of ['/endpoints', '/gateway']) {
    const url = `${prefix}/:name/invocations`;
    app.post(url, handler);
    registerMethodNotAllowed(app, url, ['POST']);
  }
}
