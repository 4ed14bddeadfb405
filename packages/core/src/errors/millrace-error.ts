import { type ErrorCode, httpStatusForErrorCode } from './error-code.js';

const MILLRACE_ERROR_MARKER = Symbol.for('millrace.error');

/** The JSON body every Millrace server sends for an error, in MLflow's shape. */
export interface ErrorBody {
  error_code: string;
  message: string;
}

/**
 * An error with an MLflow `error_code`. Servers turn it into `{"error_code", "message"}`
 * with the status from the catalogue; anything else thrown becomes INTERNAL_ERROR
 * without details.
 */
export class MillraceError extends Error {
  readonly [MILLRACE_ERROR_MARKER] = true;
  override readonly name = 'MillraceError';
  readonly errorCode: ErrorCode;
  /** The HTTP status: the catalogue's for the code unless given explicitly. */
  readonly httpStatus: number;

  constructor(errorCode: ErrorCode, message: string, options?: { cause?: unknown; httpStatus?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.errorCode = errorCode;
    this.httpStatus = options?.httpStatus ?? httpStatusForErrorCode(errorCode);
  }

  toJSON(): ErrorBody {
    return { error_code: this.errorCode, message: this.message };
  }

  /** Works across duplicate copies of this package, unlike `instanceof`. */
  static isInstance(value: unknown): value is MillraceError {
    return typeof value === 'object' && value !== null && MILLRACE_ERROR_MARKER in value;
  }

  static badRequest(message: string): MillraceError {
    return new MillraceError('BAD_REQUEST', message);
  }

  static invalidParameterValue(message: string): MillraceError {
    return new MillraceError('INVALID_PARAMETER_VALUE', message);
  }

  static notFound(message: string): MillraceError {
    return new MillraceError('RESOURCE_DOES_NOT_EXIST', message);
  }
}
