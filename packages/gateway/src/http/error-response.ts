import { GatewayHttpError } from './gateway-http-error.js';

/**
 * Which error body a route answers with. MLflow's routes (`/endpoints`, `/gateway`, `/api/...`)
 * answer FastAPI's `{"detail": ...}`, what MLflow's gateway sends and its clients print. The
 * OpenAI-compatible routes (`/v1/...`) answer `{"error": {message, type, code, param}, "detail": ...}`:
 * the OpenAI SDKs read `error.message` (with `detail` alone they report "status code (no body)"),
 * and `detail` keeps MLflow's shape for everything else.
 */
export type ErrorSurface = 'mlflow' | 'openai';

export interface OpenAIErrorObject {
  message: string;
  type: string;
  /** The MLflow error code of Millrace's error catalogue. */
  code: string;
  param: null;
}

function openAIErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

export function openAIErrorObject(error: GatewayHttpError): OpenAIErrorObject {
  return {
    message: error.message,
    type: openAIErrorType(error.httpStatus),
    code: error.errorCode,
    param: null,
  };
}

export function errorResponseBody(error: GatewayHttpError, surface: ErrorSurface): unknown {
  if (surface === 'openai') return { error: openAIErrorObject(error), detail: error.detail };
  return error.mlflowBody ?? { detail: error.detail };
}

/** Anything thrown that is not a GatewayHttpError is a bug: a bare 500 that tells nothing (no stack, no message). */
export function internalServerError(cause: unknown): GatewayHttpError {
  return new GatewayHttpError(500, 'INTERNAL_ERROR', 'Internal Server Error', { cause });
}

export function asGatewayHttpError(error: unknown): GatewayHttpError {
  return GatewayHttpError.isGatewayHttpError(error) ? error : internalServerError(error);
}
