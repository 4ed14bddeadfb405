import type { IncomingMessage, ServerResponse } from 'node:http';
import { readLimitedRequestBody } from '@millrace/core';
import type { ErrorAnswer } from '../routes/error-response.js';
import type { Rpc, RpcContext } from '../rpc/rpc-definition.js';
import { decodeRpcFields, takesFieldsFromQuery, type RpcHttpRequest } from '../rpc/rpc-request-fields.js';
import { hasRequestBody } from './request-text.js';
import { serializeWireJson } from './wire-json.js';

export interface RawRpcHandlerOptions {
  /** The RPCs served on this path, each with the URLs it answers (path parameters excluded). */
  routes: ReadonlyArray<{ rpc: Rpc; urls: readonly string[] }>;
  context: RpcContext;
  maxBodyBytes: number;
  answerError: (error: unknown) => ErrorAnswer;
}

export interface RawRpcHandler {
  /** The RPC a request calls, when it is served here: the exact method and path, any query string. */
  match(request: IncomingMessage): Rpc | undefined;
  handle(request: IncomingMessage, response: ServerResponse, rpc: Rpc): void;
}

function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/**
 * The tracking RPCs whose URL has no path parameter, on node:http directly, ahead of fastify's
 * router (ADR 0011): fastify's request/reply objects, hooks and promise chain cost a third of the
 * server's CPU on a `log-metric` call. The same decoding, validation, handler and error JSON as the
 * fastify route; a body over the limit gets 413 and the connection is closed rather than read to
 * its end. Anything else (another method, a trailing slash, an encoded path, HEAD) is left to
 * fastify, which answers it as before.
 */
export function createRawRpcHandler(options: RawRpcHandlerOptions): RawRpcHandler {
  const { context, maxBodyBytes, answerError } = options;
  const rpcsByRoute = new Map<string, Rpc>();
  for (const { rpc, urls } of options.routes) {
    for (const url of urls) rpcsByRoute.set(`${rpc.method} ${url}`, rpc);
  }

  function match(request: IncomingMessage): Rpc | undefined {
    return rpcsByRoute.get(`${request.method ?? ''} ${pathOf(request.url ?? '')}`);
  }

  function handle(request: IncomingMessage, response: ServerResponse, rpc: Rpc): void {
    const send = (status: number, body: string, closeConnection = false) => {
      if (response.headersSent || response.destroyed) return;
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (closeConnection) headers.connection = 'close';
      response.writeHead(status, headers);
      response.end(body);
    };
    const sendError = (error: unknown, closeConnection = false) => {
      const answer = answerError(error);
      send(answer.status, JSON.stringify(answer.body), closeConnection);
    };
    const answer = (body: string | undefined) => {
      let fields: Record<string, unknown>;
      try {
        fields = decodeRpcFields(rpc, httpRequest, body);
      } catch (error) {
        sendError(error);
        return;
      }
      rpc.run(fields, context).then(
        (result) => send(200, serializeWireJson(result)),
        (error: unknown) => sendError(error),
      );
    };

    const httpRequest: RpcHttpRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      contentType: request.headers['content-type'],
    };
    if (takesFieldsFromQuery(httpRequest) || !hasRequestBody(request.headers)) {
      request.resume();
      answer(undefined);
      return;
    }
    readLimitedRequestBody(request, maxBodyBytes, {
      onTooLarge: (error) => sendError(error, true),
      onBody: answer,
    });
  }

  return { match, handle };
}
