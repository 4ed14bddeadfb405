import type { Readable } from 'node:stream';
import { MillraceError } from '@millrace/core';
import { millraceVersion } from '@millrace/models';
import { Agent, type Dispatcher } from 'undici';
import { authHeadersFromEnvironment, basicAuthorization } from '../config/auth-headers.js';
import { classifyConnectionError, connectionErrorCode } from './connection-error.js';
import { errorFromResponse } from './error-from-response.js';
import {
  RETRYABLE_STATUSES,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';
import { parseResponseJson, toWireJson } from './wire-json.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query parameters: lists become repeated keys, booleans `true`/`false`, undefined ones are left out. */
export type QueryParameters = Record<string, string | number | boolean | readonly string[] | undefined>;

/** One HTTP call. */
export interface HttpCall {
  method: HttpMethod;
  /** A path under the client's base URL (`/api/2.0/mlflow/runs/get`) or an absolute http(s) URL. */
  path: string;
  query?: QueryParameters;
  headers?: Record<string, string>;
  /** JSON body (encoded with MLflow's non-finite doubles). */
  json?: unknown;
  /** A raw body: bytes, or a factory of a fresh stream (called again for each retry). */
  body?: string | Uint8Array | (() => Readable);
  /**
   * Whether sending the call twice does no harm. Idempotent calls are retried on 429, 503 and
   * dropped connections; the others only when the connection was refused (nothing was sent).
   */
  idempotent: boolean;
}

/** A successful (2xx/3xx) response whose body has not been read yet. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { text(): Promise<string>; dump(): Promise<void> };
}

export interface HttpClientOptions {
  /** The base URL (a normalized tracking URI or gateway URL); credentials in it become Basic auth. */
  baseUrl: string;
  /** Extra headers on every call (they win over the environment's Authorization). */
  headers?: Record<string, string>;
  /** Default: the MLflow environment variables (MLFLOW_TRACKING_TOKEN / USERNAME + PASSWORD). */
  environment?: Readonly<Record<string, string | undefined>>;
  retryPolicy?: Partial<RetryPolicy>;
  /** Headers and idle-body timeout, ms. Default `MLFLOW_HTTP_REQUEST_TIMEOUT` seconds, else 120 s. */
  timeoutMs?: number;
  /** The undici dispatcher; default: a keep-alive Agent of this client's own (closed by `close`). */
  dispatcher?: Dispatcher;
}

/** A keep-alive HTTP client with MLflow's headers, bounded retries and MillraceError failures. */
export interface HttpClient {
  readonly baseUrl: string;
  /**
   * Sends a call and returns the 2xx/3xx response with its body unread (for streams): the caller
   * must read or destroy the body. Error statuses throw a MillraceError.
   */
  open(call: HttpCall): Promise<HttpResponse>;
  /** Sends a call and hands a 2xx/3xx response to `read`; the body is released afterwards. */
  send<T>(call: HttpCall, read: (response: HttpResponse) => Promise<T>): Promise<T>;
  /** Sends a call and returns its JSON answer (`{}` for an empty body). */
  json(call: HttpCall): Promise<unknown>;
  /** Closes the client's own connections (not a dispatcher that was given). */
  close(): Promise<void>;
}

/** `millrace-client/<version>`; the version is unknown when the package was bundled away from its package.json. */
function userAgent(): string {
  try {
    return `millrace-client/${millraceVersion()}`;
  } catch {
    return 'millrace-client/unknown';
  }
}

function defaultTimeoutMs(environment: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(environment.MLFLOW_HTTP_REQUEST_TIMEOUT ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000;
}

function appendQuery(url: URL, query: QueryParameters | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) url.searchParams.append(key, item);
    } else {
      url.searchParams.append(key, String(value));
    }
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Splits `http://user:pass@host/base` into the URL without credentials and a Basic Authorization. */
function separateCredentials(baseUrl: string): { baseUrl: string; authorization?: string } {
  const url = new URL(baseUrl);
  if (url.username === '' && url.password === '') return { baseUrl: baseUrl.replace(/\/+$/, '') };
  const authorization = basicAuthorization(
    decodeURIComponent(url.username),
    decodeURIComponent(url.password),
  );
  url.username = '';
  url.password = '';
  return { baseUrl: url.toString().replace(/\/+$/, ''), authorization };
}

/** A client for one server. See HttpClient. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const environment = options.environment ?? process.env;
  const { baseUrl, authorization } = separateCredentials(options.baseUrl);
  const policy = resolveRetryPolicy(options.retryPolicy, environment);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs(environment);
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000, connections: 32 });
  const commonHeaders: Record<string, string> = {
    'user-agent': userAgent(),
    ...(authorization === undefined ? {} : { authorization }),
    ...authHeadersFromEnvironment(environment),
    ...lowerCaseKeys(options.headers ?? {}),
  };

  function urlOf(call: HttpCall): URL {
    const url = /^https?:\/\//i.test(call.path) ? new URL(call.path) : new URL(baseUrl + call.path);
    appendQuery(url, call.query);
    return url;
  }

  async function open(call: HttpCall): Promise<HttpResponse> {
    const url = urlOf(call);
    const label = `${call.method} ${url.pathname}`;
    const headers: Record<string, string> = { ...commonHeaders, ...lowerCaseKeys(call.headers ?? {}) };
    let body: string | Uint8Array | Readable | undefined;
    const bodyText = call.json === undefined ? undefined : toWireJson(call.json);
    if (bodyText !== undefined) headers['content-type'] ??= 'application/json';
    for (let attempt = 0; ; attempt += 1) {
      body = bodyText ?? (typeof call.body === 'function' ? call.body() : call.body);
      let response: Dispatcher.ResponseData;
      try {
        response = await dispatcher.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: call.method,
          headers,
          body: body ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        if (typeof body === 'object' && body !== null && 'destroy' in body) body.destroy();
        const failure = classifyConnectionError(error);
        const retryable = failure === 'not-sent' || (failure === 'dropped' && call.idempotent);
        if (retryable && attempt < policy.maxRetries) {
          await sleep(retryDelayMs(policy, attempt + 1));
          continue;
        }
        if (MillraceError.isInstance(error)) throw error;
        const code = connectionErrorCode(error);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MillraceError(
          failure === undefined
            ? 'INTERNAL_ERROR'
            : failure === 'timeout'
              ? 'DEADLINE_EXCEEDED'
              : 'TEMPORARILY_UNAVAILABLE',
          `${label} to ${url.origin} failed${code === undefined ? '' : ` (${code})`}: ${reason}` +
            (attempt > 0 ? ` (after ${attempt} retries)` : ''),
          { cause: error },
        );
      }
      const status = response.statusCode;
      if (RETRYABLE_STATUSES.has(status) && call.idempotent && attempt < policy.maxRetries) {
        await response.body.dump();
        await sleep(retryDelayMs(policy, attempt + 1, parseRetryAfter(response.headers['retry-after'])));
        continue;
      }
      if (status >= 400) {
        throw errorFromResponse(status, await response.body.text(), label);
      }
      return { statusCode: status, headers: response.headers, body: response.body };
    }
  }

  async function send<T>(call: HttpCall, read: (response: HttpResponse) => Promise<T>): Promise<T> {
    const response = await open(call);
    try {
      return await read(response);
    } finally {
      if (!response.body.readableEnded) await response.body.dump().catch(() => undefined);
    }
  }

  return {
    baseUrl,
    open,
    send,
    async json(call: HttpCall): Promise<unknown> {
      return send(call, async (response) => {
        const text = await response.body.text();
        const parsed = parseResponseJson(text);
        if (parsed === undefined) {
          throw new MillraceError(
            'INTERNAL_ERROR',
            `${call.method} ${urlOf(call).pathname} answered HTTP ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`,
          );
        }
        return parsed;
      });
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
