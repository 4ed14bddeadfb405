import { requireJsonContentType } from '../http/content-type.js';
import { parseLenientJsonBody } from '../http/lenient-json-body.js';
import { decodeQueryFields } from '../http/query-fields.js';
import type { Rpc } from './rpc-definition.js';

/** What decoding an RPC call needs of its HTTP request (framework-free). */
export interface RpcHttpRequest {
  method: string;
  /** The request target: path and query string. */
  url: string;
  contentType: string | undefined;
}

function queryString(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? '' : url.slice(queryStart + 1);
}

/** A GET with a query string takes its fields from the query; its body, if any, is not read. */
export function takesFieldsFromQuery(request: Pick<RpcHttpRequest, 'method' | 'url'>): boolean {
  return request.method === 'GET' && queryString(request.url) !== '';
}

/**
 * The request fields of an RPC call, decoded as MLflow does: a GET with a query string takes its
 * fields from the query; otherwise from the JSON body (`body`, undefined when there is none). POST
 * and PUT must say `Content-Type: application/json`; PATCH, DELETE and GET bodies are read without
 * that check.
 */
export function decodeRpcFields(
  rpc: Rpc,
  request: RpcHttpRequest,
  body: string | undefined,
): Record<string, unknown> {
  if (takesFieldsFromQuery(request)) return decodeQueryFields(queryString(request.url), rpc.repeatedFields);
  if (request.method === 'POST' || request.method === 'PUT') requireJsonContentType(request.contentType);
  return parseLenientJsonBody(body);
}
