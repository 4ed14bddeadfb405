import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireJsonContentType } from '../http/content-type.js';
import { parseLenientJsonBody } from '../http/lenient-json-body.js';
import { decodeQueryFields } from '../http/query-fields.js';
import { readRequestText } from '../http/request-text.js';
import { serializeWireJson } from '../http/wire-json.js';
import type { Rpc, RpcContext } from './rpc-definition.js';
import type { RouteTable } from './route-table.js';

export interface RegisterRpcsOptions {
  context: RpcContext;
  routes: RouteTable;
  maxBodyBytes: number;
  /** Prepended to every route (`mlflow server --static-prefix`): '' or `/something`. */
  staticPrefix: string;
}

/**
 * The request fields of an RPC call, decoded as MLflow does: a GET with a query string takes its
 * fields from the query; otherwise the JSON body is read (POST and PUT must say
 * `Content-Type: application/json`; PATCH, DELETE and GET bodies are read without that check).
 */
async function decodeFields(
  request: FastifyRequest,
  rpc: Rpc,
  maxBodyBytes: number,
): Promise<Record<string, unknown>> {
  const queryStart = request.url.indexOf('?');
  const query = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  if (request.method === 'GET' && query !== '') return decodeQueryFields(query, rpc.repeatedFields);
  if (request.method === 'POST' || request.method === 'PUT')
    requireJsonContentType(request.headers['content-type']);
  return parseLenientJsonBody(await readRequestText(request, maxBodyBytes));
}

/** The URLs an RPC is served at: `/api/<major>.0<path>` and `/ajax-api/<major>.0<path>` (`{x}` as `:x`). */
export function rpcUrls(rpc: Rpc, staticPrefix = ''): string[] {
  const prefixes = rpc.ajaxOnly ? ['/ajax-api'] : ['/api', '/ajax-api'];
  const path = rpc.path.replace(/\{(\w+)\}/g, ':$1');
  return prefixes.map((prefix) => `${staticPrefix}${prefix}/${rpc.majorVersion}.0${path}`);
}

/** The request fields with the path parameters (`{model_id}`) set over them. */
function withPathParameters(
  fields: Record<string, unknown>,
  request: FastifyRequest,
): Record<string, unknown> {
  const parameters = request.params;
  if (typeof parameters !== 'object' || parameters === null) return fields;
  const entries = Object.entries(parameters as Record<string, unknown>);
  return entries.length === 0 ? fields : { ...fields, ...Object.fromEntries(entries) };
}

/** Registers each RPC under both API prefixes; answers are JSON, errors go to the app's error handler. */
export function registerRpcs(app: FastifyInstance, rpcs: readonly Rpc[], options: RegisterRpcsOptions): void {
  for (const rpc of rpcs) {
    for (const url of rpcUrls(rpc, options.staticPrefix)) {
      options.routes.add(url, rpc.method);
      app.route({
        method: rpc.method,
        url,
        handler: async (request, reply) => {
          const fields = withPathParameters(await decodeFields(request, rpc, options.maxBodyBytes), request);
          const response = await rpc.run(fields, options.context);
          // A Buffer, so that fastify sends the Content-Type as is (no `; charset=utf-8`, as MLflow).
          return reply
            .code(200)
            .header('content-type', 'application/json')
            .send(Buffer.from(serializeWireJson(response), 'utf8'));
        },
      });
    }
  }
}
