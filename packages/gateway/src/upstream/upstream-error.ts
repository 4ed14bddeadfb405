import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '@millrace/core';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { Redactor } from './secret-redactor.js';

/** Content types the gateway reads as JSON. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === 'application/json') return true;
  const media = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json');
}

export function isTextPlainContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() === 'text/plain';
}

export function unsupportedContentTypeError(contentType: string | undefined): GatewayHttpError {
  return GatewayHttpError.badGateway(
    `The returned data type from the route service is not supported. Received content type: ${contentType ?? 'None'}`,
  );
}

const ERROR_CODE_BY_CLIENT_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'RESOURCE_DOES_NOT_EXIST',
  409: 'RESOURCE_CONFLICT',
  429: 'REQUEST_LIMIT_EXCEEDED',
};

function safeJsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * What an upstream error body says, as MLflow relays it: `error.message` of an OpenAI-style error,
 * the `error` string of a TGI-style one (MLflow crashes there), else the whole JSON object (a
 * scoring-server error `{error_code, message}`, minus its `stack_trace`); a text/plain body becomes
 * `{"message": text}`; an empty body the HTTP reason phrase.
 */
function extractDetail(status: number, body: unknown): unknown {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const error = record.error;
    if (typeof error === 'string' && error !== '') return error;
    if (typeof error === 'object' && error !== null) {
      const message = (error as Record<string, unknown>).message;
      if (typeof message === 'string' && message !== '') return message;
      return error;
    }
    if ('stack_trace' in record) {
      const { stack_trace: _stackTrace, ...rest } = record;
      return rest;
    }
    return record;
  }
  if (body === null || body === undefined || body === '') return STATUS_CODES[status] ?? `HTTP ${status}`;
  return body;
}

/**
 * The gateway's answer to an upstream error status. A 4xx keeps its status and the provider's
 * message (secrets removed); 504 stays 504; any other 5xx becomes 502; a body that is neither JSON
 * nor text/plain is a 502 whatever the status. `retry-after` is relayed on 429 and 503.
 */
export function upstreamStatusError(
  status: number,
  contentType: string | undefined,
  retryAfter: string | undefined,
  text: string,
  redact: Redactor,
): GatewayHttpError {
  let body: unknown;
  if (isJsonContentType(contentType)) {
    const parsed = safeJsonParse(text);
    body = parsed.ok ? parsed.value : text === '' ? undefined : { message: text };
  } else if (isTextPlainContentType(contentType) || (contentType === undefined && text === '')) {
    body = text === '' ? undefined : { message: text };
  } else {
    return unsupportedContentTypeError(contentType);
  }
  const detail = redact(extractDetail(status, body));
  const headers =
    retryAfter !== undefined && (status === 429 || status === 503)
      ? { 'retry-after': retryAfter }
      : undefined;
  if (status >= 400 && status < 500) {
    return new GatewayHttpError(status, ERROR_CODE_BY_CLIENT_STATUS[status] ?? 'BAD_REQUEST', detail, {
      headers,
    });
  }
  if (status === 504) return new GatewayHttpError(504, 'DEADLINE_EXCEEDED', detail);
  if (status < 400) return GatewayHttpError.badGateway(`The upstream answered HTTP ${status}.`);
  return GatewayHttpError.badGateway(detail, { headers });
}
