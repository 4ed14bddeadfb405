/**
 * MLflow's `error_code` values and the HTTP status each maps to.
 * This is the single error catalogue of Millrace: every server answers errors as
 * `{"error_code": <code>, "message": <text>}` with the status given here.
 */
export const HTTP_STATUS_BY_ERROR_CODE = {
  BAD_REQUEST: 400,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 500,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  CUSTOMER_UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_DOES_NOT_EXIST: 404,
  METHOD_NOT_ALLOWED: 405,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL_ERROR: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type ErrorCode = keyof typeof HTTP_STATUS_BY_ERROR_CODE;

/** HTTP status for an MLflow error code; unknown codes are 500, as in MLflow. */
export function httpStatusForErrorCode(code: string): number {
  return (HTTP_STATUS_BY_ERROR_CODE as Record<string, number>)[code] ?? 500;
}
