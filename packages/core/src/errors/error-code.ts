/**
 * MLflow's `error_code` values and the HTTP status each maps to.
 * This is the single error catalogue of Millrace: every server answers errors as
 * `{"error_code": <code>, "message": <text>}` with the status given here. Codes are MLflow's
 * (its protos' ErrorCode); a status MLflow has no code for (405, 413, 415, 502) is given per error
 * with `httpStatus` on a MillraceError whose code is the nearest MLflow code.
 */
export const HTTP_STATUS_BY_ERROR_CODE = {
  BAD_REQUEST: 400,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  CUSTOMER_UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_DOES_NOT_EXIST: 404,
  ABORTED: 409,
  RESOURCE_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
} as const;

export type ErrorCode = keyof typeof HTTP_STATUS_BY_ERROR_CODE;

/** HTTP status for an MLflow error code; unknown codes are 500, as in MLflow. */
export function httpStatusForErrorCode(code: string): number {
  return (HTTP_STATUS_BY_ERROR_CODE as Record<string, number>)[code] ?? 500;
}
