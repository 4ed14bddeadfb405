import type { Dispatcher } from 'undici';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { ClientDisconnectSignal } from './client-disconnect-signal.js';

/** What a provider asks the transport to send: one POST to an upstream origin. */
export interface UpstreamCall {
  dispatcher: Dispatcher;
  /** Path and query on the dispatcher's origin. */
  path: string;
  /** Compiled once per endpoint; includes content-type and auth. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface UpstreamResponse {
  statusCode: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  body: Dispatcher.ResponseData['body'];
}

export interface UpstreamCallOptions {
  signal: ClientDisconnectSignal;
  /** Time allowed to the upstream's response headers and to each silence in its body. */
  timeoutMs: number;
  /** For messages: the endpoint name (never the upstream URL, which may hold credentials). */
  endpointName: string;
}

/** Thrown when the client went away and the upstream call was aborted: nothing is to be answered. */
export class ClientAbortedError extends Error {
  override readonly name = 'ClientAbortedError';
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function seconds(milliseconds: number): string {
  const value = milliseconds / 1000;
  return Number.isInteger(value) ? `${value} s` : `${value.toFixed(1)} s`;
}

/**
 * Maps a transport failure to the gateway's answer: a timeout is 504, a refused/reset/closed
 * connection 502, an abort caused by the client's disconnect a ClientAbortedError.
 */
export function translateTransportError(error: unknown, options: UpstreamCallOptions): Error {
  if (GatewayHttpError.isGatewayHttpError(error)) return error;
  if (options.signal.aborted) return new ClientAbortedError('The client disconnected.', { cause: error });
  const code = errorCode(error);
  const endpoint = `endpoint '${options.endpointName}'`;
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return GatewayHttpError.gatewayTimeout(
      `The upstream of ${endpoint} did not answer within ${seconds(options.timeoutMs)}.`,
    );
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return GatewayHttpError.gatewayTimeout(
      `The upstream of ${endpoint} stopped sending for ${seconds(options.timeoutMs)}.`,
    );
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN'
  ) {
    return GatewayHttpError.badGateway(`The upstream of ${endpoint} could not be reached (${code}).`, {
      cause: error,
    });
  }
  if (code === 'UND_ERR_RESPONSE_STATUS_CODE')
    return GatewayHttpError.badGateway(`The upstream of ${endpoint} failed.`);
  return GatewayHttpError.badGateway(
    `The connection to the upstream of ${endpoint} failed${code === undefined ? '' : ` (${code})`}.`,
    { cause: error },
  );
}

/** Sends the call and resolves at the upstream's response headers. */
export async function sendUpstream(
  call: UpstreamCall,
  options: UpstreamCallOptions,
): Promise<UpstreamResponse> {
  try {
    const response = await call.dispatcher.request({
      method: 'POST',
      path: call.path,
      headers: call.headers,
      body: call.body,
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    return {
      statusCode: response.statusCode,
      contentType: firstHeader(response.headers['content-type']),
      retryAfter: firstHeader(response.headers['retry-after']),
      body: response.body,
    };
  } catch (error) {
    throw translateTransportError(error, options);
  }
}

/** Reads the whole upstream body as text; transport failures while reading are translated too. */
export async function readUpstreamText(
  response: UpstreamResponse,
  options: UpstreamCallOptions,
): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw translateTransportError(error, options);
  }
}

/** Drops an upstream body that is not going to be read, so its connection can be reused or closed. */
export function discardUpstreamBody(response: UpstreamResponse): void {
  response.body.dump().catch(() => undefined);
}
