import { type ErrorCode, MillraceError } from '@millrace/core';

/** One pydantic-style validation problem, the item shape of FastAPI's 422 `detail` list. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export interface GatewayHttpErrorOptions {
  /** Response headers to add (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** The body to send on MLflow routes instead of `{"detail": ...}` (the rate limiter's slowapi shape). */
  mlflowBody?: unknown;
  cause?: unknown;
}

function messageOf(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && detail !== null && !Array.isArray(detail)) {
    const message = (detail as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  if (Array.isArray(detail)) {
    return detail.map((issue: ValidationIssue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; ');
  }
  return JSON.stringify(detail) ?? 'Error';
}

/**
 * An error the gateway answers with a given HTTP status. `detail` is what goes into FastAPI's
 * `{"detail": ...}` body (a string, an upstream error object, or a list of validation issues);
 * `message` is its text form, used in OpenAI-style error objects and SSE error events.
 */
export class GatewayHttpError extends MillraceError {
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly mlflowBody: unknown;

  constructor(status: number, errorCode: ErrorCode, detail: unknown, options: GatewayHttpErrorOptions = {}) {
    super(errorCode, messageOf(detail), { httpStatus: status, cause: options.cause });
    this.detail = detail;
    this.headers = options.headers;
    this.mlflowBody = options.mlflowBody;
  }

  static isGatewayHttpError(value: unknown): value is GatewayHttpError {
    return MillraceError.isInstance(value) && 'detail' in value;
  }

  /** 422 with a list of validation issues (FastAPI's request validation error). */
  static validation(issues: ValidationIssue[]): GatewayHttpError {
    return new GatewayHttpError(422, 'INVALID_PARAMETER_VALUE', issues);
  }

  /** 422 with a string detail: a request the provider cannot take. */
  static unprocessable(detail: string): GatewayHttpError {
    return new GatewayHttpError(422, 'INVALID_PARAMETER_VALUE', detail);
  }

  static override badRequest(detail: string): GatewayHttpError {
    return new GatewayHttpError(400, 'BAD_REQUEST', detail);
  }

  static override notFound(detail: string): GatewayHttpError {
    return new GatewayHttpError(404, 'RESOURCE_DOES_NOT_EXIST', detail);
  }

  static notImplemented(detail: string): GatewayHttpError {
    return new GatewayHttpError(501, 'NOT_IMPLEMENTED', detail);
  }

  static badGateway(detail: unknown, options?: GatewayHttpErrorOptions): GatewayHttpError {
    return new GatewayHttpError(502, 'TEMPORARILY_UNAVAILABLE', detail, options);
  }

  static gatewayTimeout(detail: string): GatewayHttpError {
    return new GatewayHttpError(504, 'DEADLINE_EXCEEDED', detail);
  }
}
