import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EndpointType } from '../config/endpoint-type.js';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import { sendJson } from '../http/send-json.js';
import { parseJsonBody } from '../requests/parse-json-body.js';
import { validateRequest } from '../requests/validate-request.js';
import type { ValidatedRequest } from '../requests/validated-request.js';
import type { InvocationTarget } from '../runtime/compiled-endpoint.js';
import type { GatewayContext } from './gateway-context.js';
import { invokeTarget, sendErrorReply } from './invoke-target.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

const OPERATIONS: readonly { path: string; endpointType: EndpointType; wrongType: string }[] = [
  { path: '/v1/chat/completions', endpointType: 'llm/v1/chat', wrongType: 'is not a chat endpoint.' },
  {
    path: '/v1/completions',
    endpointType: 'llm/v1/completions',
    wrongType: 'is not a completions endpoint.',
  },
  { path: '/v1/embeddings', endpointType: 'llm/v1/embeddings', wrongType: 'is not an embeddings endpoint.' },
];

function resolveTarget(
  context: GatewayContext,
  validated: ValidatedRequest,
  endpointType: EndpointType,
  wrongType: string,
): InvocationTarget {
  const name = validated.model;
  if (name === undefined) {
    throw GatewayHttpError.validation([
      { type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: null },
    ]);
  }
  const target = context.current().targets.get(name);
  if (target === undefined) {
    throw GatewayHttpError.notFound(
      `The endpoint '${name}' is not present or active on the server. Please verify the endpoint name.`,
    );
  }
  if (target.endpointType !== endpointType)
    throw GatewayHttpError.badRequest(`Endpoint '${name}' ${wrongType}`);
  return target;
}

/**
 * The OpenAI-compatible routes: `POST /v1/chat/completions`, `/v1/completions`, `/v1/embeddings`
 * with `model` = an endpoint or traffic-route name (removed before the provider sees the body), and
 * `GET /v1/models`. Unlike MLflow: an unknown or missing model is 404/422 (not a bare 500),
 * provider refusals keep their status, and endpoint rate limits apply.
 */
export function registerOpenAIRoutes(app: FastifyInstance, context: GatewayContext): void {
  for (const operation of OPERATIONS) {
    app.post(operation.path, async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const started = performance.now();
      const runtime = context.current();
      runtime.enter();
      try {
        let target: InvocationTarget;
        let validated: ValidatedRequest;
        try {
          validated = validateRequest(
            operation.endpointType,
            parseJsonBody(request.body as string | undefined, request.headers['content-type']),
          );
          target = resolveTarget(context, validated, operation.endpointType, operation.wrongType);
        } catch (error) {
          context.metrics.unboundRequest(
            sendErrorReply(reply, error, 'openai', performance.now() - started, context),
          );
          return;
        }
        delete validated.body.model;
        await invokeTarget(target, validated, 'openai', request, reply, started, context);
      } finally {
        runtime.leave();
      }
    });
    registerMethodNotAllowed(app, operation.path, ['POST']);
  }

  app.get('/v1/models', (_request, reply) => {
    const started = performance.now();
    const runtime = context.current();
    const data = [
      ...runtime.config.endpoints.map((endpoint) => ({
        id: endpoint.name,
        object: 'model',
        created: 0,
        owned_by: endpoint.model.provider,
      })),
      ...runtime.config.routes.map((route) => ({
        id: route.name,
        object: 'model',
        created: 0,
        owned_by: 'traffic-route',
      })),
    ];
    return sendJson(reply, 200, { object: 'list', data }, started);
  });
}
