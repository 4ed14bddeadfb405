import { MillraceError } from '@millrace/core';
import type { ScoringLogger } from '../scoring-logger.js';

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * What a failed `predict` becomes: a `MillraceError` (schema or params enforcement, or one the
 * model raised on purpose) keeps its code, status and message; anything else is a 500
 * INTERNAL_ERROR `Model raised an error: <message>`. MLflow answers 400 with a Python traceback
 * there; the stack goes to the server log only.
 */
export function toModelError(error: unknown, logger: ScoringLogger): MillraceError {
  if (MillraceError.isInstance(error)) return error;
  logger.error(
    `Model raised an error: ${error instanceof Error ? (error.stack ?? error.message) : describe(error)}`,
  );
  return new MillraceError('INTERNAL_ERROR', `Model raised an error: ${describe(error)}`);
}
