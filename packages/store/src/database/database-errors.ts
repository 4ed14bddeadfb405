import { MillraceError } from '@millrace/core';

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const SQLITE_BUSY_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
  'SQLITE_LOCKED',
]);
/** PostgreSQL SQLSTATEs a retry can cure: serialization failure, deadlock, lock timeout, shutdown. */
const POSTGRES_TRANSIENT_STATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03']);
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a unique or primary-key violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (SQLITE_UNIQUE_CODES.has(code) || code === '23505');
}

/**
 * Maps database failures a client should retry (SQLite busy/locked, PostgreSQL serialization
 * failures and deadlocks, lost connections) to TEMPORARILY_UNAVAILABLE (503, which MLflow clients
 * retry), as MLflow does for operational errors. Anything else is returned unchanged.
 */
export function toStoreError(error: unknown): unknown {
  if (MillraceError.isInstance(error)) return error;
  const code = errorCode(error);
  if (
    code !== undefined &&
    (SQLITE_BUSY_CODES.has(code) || POSTGRES_TRANSIENT_STATES.has(code) || NETWORK_ERROR_CODES.has(code))
  ) {
    return new MillraceError(
      'TEMPORARILY_UNAVAILABLE',
      'The database is temporarily unavailable; retry the request.',
      {
        cause: error,
      },
    );
  }
  return error;
}
