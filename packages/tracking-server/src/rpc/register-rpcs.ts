import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readRequestText } from '../http/request-text.js';
import { serializeWireJson } from '../http/wire-json.js';
import type { Rpc, RpcContext } from './rpc-definition.js';
import { decodeRpcFields, takesFieldsFromQuery } from './rpc-request-fields.js';
import type { RouteTable } from './route-table.js';

export interface RegisterRpcsOptions {
  context: RpcContext;
  routes: RouteTable;
  maxBodyBytes: number;
  /** Prepended to every route (`mlflow server --static-prefix`): '' or `/something`. */
  staticPrefix: string;
}

async function decodeFields(
  request: FastifyRequest,
  rpc: Rpc,
  maxBodyBytes: number,
): Promise<Record<string, unknown>> {
  const httpRequest = {
    method: request.method,
    url: request.url,
    contentType: request.headers['content-type'],
  };
  const body = takesFieldsFromQuery(httpRequest) ? undefined : await readRequestText(request, maxBodyBytes);
  return decodeRpcFields(rpc, httpRequest, body);
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
