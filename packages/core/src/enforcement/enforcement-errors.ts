import { MillraceError } from '../errors/millrace-error.js';
import { formatSchema } from '../signature/format-schema.js';
import type { Schema } from '../signature/types.js';

/**
 * A value that cannot be converted to its column (or tensor) type: BAD_REQUEST, in the shape of
 * MLflow's parse-time message. `target` is e.g. `column temperature` or `tensor 'x'`.
 */
export function conversionError(target: string, typeLabel: string, reason: string): MillraceError {
  return MillraceError.badRequest(
    `Invalid input. Data is not compatible with model signature. Failed to convert ${target} to type '${typeLabel}'. Error: '${reason}'`,
  );
}

/**
 * A structural failure (missing inputs, object properties, shapes, complex types):
 * INVALID_PARAMETER_VALUE in the shape of MLflow's enforcement message, without the data.
 */
export function schemaEnforcementError(schema: Schema, inner: string): MillraceError {
  return MillraceError.invalidParameterValue(
    `Failed to enforce schema of data with schema '${formatSchema(schema)}'. Error: ${inner}`,
  );
}

/** Input that cannot be seen as a table of columns at all. */
export function tableCastError(detail: string): MillraceError {
  return MillraceError.invalidParameterValue(
    'This model contains a column-based signature, which suggests a DataFrame input. ' +
      `There was an error casting the input data to a DataFrame: ${detail}`,
  );
}
