import { type ErrorCode, HTTP_STATUS_BY_ERROR_CODE, MillraceError } from '@millrace/core';

/** The code MLflow's Python client gives an error answer without an `error_code` (rest_utils). */
function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'ENDPOINT_NOT_FOUND';
    case 409:
      return 'ALREADY_EXISTS';
    case 422:
      return 'INVALID_PARAMETER_VALUE';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 499:
      return 'CANCELLED';
    case 501:
      return 'NOT_IMPLEMENTED';
    case 503:
      return 'TEMPORARILY_UNAVAILABLE';
    case 504:
      return 'DEADLINE_EXCEEDED';
    default:
      return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR';
  }
}

function isKnownErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(HTTP_STATUS_BY_ERROR_CODE, code);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function truncate(text: string, length = 500): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

function fromErrorCodeBody(body: Record<string, unknown>, status: number): MillraceError | undefined {
  const code = body.error_code;
  if (typeof code !== 'string' || code === '') return undefined;
  const message = typeof body.message === 'string' ? body.message : '';
  if (isKnownErrorCode(code)) return new MillraceError(code, message, { httpStatus: status });
  // A code outside the catalogue (FEATURE_DISABLED, IO_ERROR, …): kept in the message.
  return new MillraceError(errorCodeForStatus(status), `${code}: ${message}`, { httpStatus: status });
}

/** FastAPI's `{"detail": …}` (the gateway), slowapi's `{"error": "…"}`, OpenAI's `{"error": {"message"}}`. */
function detailMessage(body: Record<string, unknown>): string | undefined {
  const detail = body.detail;
  if (typeof detail === 'string') return detail;
  if (detail !== undefined && detail !== null) return JSON.stringify(detail);
  const error = body.error;
  if (typeof error === 'string') return error;
  const errorMessage = asRecord(error)?.message;
  if (typeof errorMessage === 'string') return errorMessage;
  return undefined;
}

/**
 * The MillraceError for an error answer: the server's `error_code` and `message` when the body is
 * MLflow's error JSON (also when the gateway relays one inside `detail`), the gateway's `detail`
 * otherwise, and a code derived from the status as MLflow's client does for bodies that are not
 * JSON. `httpStatus` is always the status received.
 */
export function errorFromResponse(status: number, bodyText: string, requestLabel: string): MillraceError {
  const body = asRecord(parseJson(bodyText));
  if (body !== undefined) {
    const direct = fromErrorCodeBody(body, status);
    if (direct !== undefined) return direct;
    const relayed = asRecord(body.detail);
    const relayedError = relayed === undefined ? undefined : fromErrorCodeBody(relayed, status);
    if (relayedError !== undefined) return relayedError;
    const message = detailMessage(body);
    if (message !== undefined) {
      return new MillraceError(errorCodeForStatus(status), message, { httpStatus: status });
    }
  }
  const text = bodyText.trim();
  return new MillraceError(
    errorCodeForStatus(status),
    `${requestLabel} failed with HTTP ${status}${text === '' ? '' : `: ${truncate(text)}`}`,
    { httpStatus: status },
  );
}
