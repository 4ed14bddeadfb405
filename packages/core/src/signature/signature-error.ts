import { MillraceError } from '../errors/millrace-error.js';

/** A signature that breaks MLflow's construction rules (model-format.md §5). */
export function invalidSignature(message: string): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', message);
}
