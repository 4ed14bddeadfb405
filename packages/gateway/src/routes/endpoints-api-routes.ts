import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OVERHEAD_HEADER } from '../http/overhead-header.js';
import { sendJson } from '../http/send-json.js';
import type { GatewayContext } from './gateway-context.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/** MLflow's page size for endpoint listings. */
const PAGE_SIZE = 3000;

interface NameParams {
  name: string;
}

function encodePageToken(index: number): string {
  return Buffer.from(JSON.stringify({ index }).replace(':', ': ')).toString('base64');
}

/** The index of a `page_token` (base64 of `{"index": N}`), or undefined when it is not one. */
function decodePageToken(token: string): number | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    const index = (value as { index?: unknown } | null)?.index;
    return typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

function page<T>(
  items: readonly T[],
  request: FastifyRequest<{ Querystring: { page_token?: string } }>,
): { items: T[]; next: string | null } | undefined {
  const token = request.query.page_token;
  const start = token === undefined || token === '' ? 0 : decodePageToken(token);
  if (start === undefined) return undefined;
  const end = start + PAGE_SIZE;
  return { items: items.slice(start, end), next: end < items.length ? encodePageToken(end) : null };
}

function endpointNotFound(reply: FastifyReply, name: string, started: number): FastifyReply {
  return sendJson(
    reply,
    404,
    {
      detail: `The endpoint '${name}' is not present or active on the server. Please verify the endpoint name.`,
    },
    started,
  );
}

function routeNotFound(reply: FastifyReply, name: string, started: number): FastifyReply {
  return sendJson(
    reply,
    404,
    { detail: `The route '${name}' is not present or active on the server. Please verify the route name.` },
    started,
  );
}

function badPageToken(reply: FastifyReply, started: number): FastifyReply {
  return sendJson(reply, 400, { detail: 'The page_token is not a token this server issued.' }, started);
}

/** The `/api/2.0/limits` stubs validate their body like MLflow before answering 501. */
function setLimitsHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const started = performance.now();
  let body: unknown;
  try {
    body = typeof request.body === 'string' && request.body !== '' ? JSON.parse(request.body) : undefined;
  } catch {
    body = undefined;
  }
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const issues = ['route', 'limits']
    .filter((key) => record[key] === undefined)
    .map((key) => ({ type: 'missing', loc: ['body', key], msg: 'Field required', input: body ?? null }));
  if (issues.length > 0) return sendJson(reply, 422, { detail: issues }, started);
  return sendJson(reply, 501, { detail: 'The set_limits API is not available yet.' }, started);
}

/**
 * MLflow's discovery API: `GET /api/2.0/endpoints/` (paged, endpoints only), `GET
 * /api/2.0/endpoints/{name}`, the deprecated `/api/2.0/gateway/routes/` pair, the hidden
 * `/api/3.0/gateway/{endpoint,route}/{name}` getters and the limits stubs (501). Descriptors never
 * hold secrets or upstream URLs. A bad `page_token` is a 400 (MLflow: bare 500).
 */
export function registerEndpointsApiRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get<{ Querystring: { page_token?: string } }>('/api/2.0/endpoints/', (request, reply) => {
    const started = performance.now();
    const result = page(context.current().endpointDescriptors, request);
    if (result === undefined) return badPageToken(reply, started);
    return sendJson(reply, 200, { endpoints: result.items, next_page_token: result.next }, started);
  });
  registerMethodNotAllowed(app, '/api/2.0/endpoints/', ['GET', 'POST']);

  app.get<{ Params: NameParams }>('/api/2.0/endpoints/:name', (request, reply) => {
    const started = performance.now();
    const runtime = context.current();
    const index = runtime.config.endpoints.findIndex((endpoint) => endpoint.name === request.params.name);
    if (index === -1) return endpointNotFound(reply, request.params.name, started);
    return sendJson(reply, 200, runtime.endpointDescriptors[index], started);
  });

  app.get<{ Params: NameParams }>('/api/2.0/endpoints/:name/', (request, reply) => {
    const host = request.headers.host ?? 'localhost';
    return reply
      .code(307)
      .header(
        'location',
        `${request.protocol}://${host}/api/2.0/endpoints/${encodeURIComponent(request.params.name)}`,
      )
      .header(OVERHEAD_HEADER, '0.000')
      .send();
  });

  app.get<{ Querystring: { page_token?: string } }>('/api/2.0/gateway/routes/', (request, reply) => {
    const started = performance.now();
    const result = page(context.current().legacyRouteDescriptors, request);
    if (result === undefined) return badPageToken(reply, started);
    return sendJson(reply, 200, { routes: result.items, next_page_token: result.next }, started);
  });

  app.get<{ Params: NameParams }>('/api/2.0/gateway/routes/:name', (request, reply) => {
    const started = performance.now();
    const runtime = context.current();
    const index = runtime.config.endpoints.findIndex((endpoint) => endpoint.name === request.params.name);
    if (index === -1) return routeNotFound(reply, request.params.name, started);
    return sendJson(reply, 200, runtime.legacyRouteDescriptors[index], started);
  });

  app.get<{ Params: NameParams }>('/api/3.0/gateway/endpoint/:name', (request, reply) => {
    const started = performance.now();
    const runtime = context.current();
    const index = runtime.config.endpoints.findIndex((endpoint) => endpoint.name === request.params.name);
    if (index === -1) return endpointNotFound(reply, request.params.name, started);
    return sendJson(reply, 200, runtime.endpointDescriptors[index], started);
  });

  app.get<{ Params: NameParams }>('/api/3.0/gateway/route/:name', (request, reply) => {
    const started = performance.now();
    const descriptor = context.current().trafficRouteDescriptors.get(request.params.name);
    if (descriptor === undefined) return routeNotFound(reply, request.params.name, started);
    return sendJson(reply, 200, descriptor, started);
  });

  for (const prefix of ['/api/2.0/endpoints/limits', '/api/2.0/gateway/limits']) {
    app.get(`${prefix}/:endpoint`, (_request, reply) =>
      sendJson(reply, 501, { detail: 'The get_limits API is not available yet.' }, performance.now()),
    );
    app.post(`${prefix}/`, setLimitsHandler);
  }
}
