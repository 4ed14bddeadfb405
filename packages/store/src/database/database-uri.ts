import { MillraceError } from '@millrace/core';

/** Where a store's database lives, parsed from a backend store URI. */
export type DatabaseLocation =
  { dialect: 'sqlite'; filename: string } | { dialect: 'postgres'; connectionString: string };

/** The filename better-sqlite3 understands as a private in-memory database. */
export const SQLITE_MEMORY = ':memory:';

function sqliteFilename(rest: string): string {
  // SQLAlchemy's forms: `sqlite://` (memory), `sqlite:///relative.db`, `sqlite:////absolute.db`.
  const withoutQuery = rest.split('?', 1)[0] ?? '';
  if (withoutQuery === '' || withoutQuery === ':memory:' || withoutQuery === '/:memory:')
    return SQLITE_MEMORY;
  if (!withoutQuery.startsWith('/')) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid SQLite database URI 'sqlite://${withoutQuery}': use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite:///:memory:.`,
    );
  }
  return decodeURIComponent(withoutQuery.slice(1));
}

/**
 * Parses a backend store URI:
 * - `sqlite:///relative.db` (relative to the working directory), `sqlite:////absolute.db`,
 *   and `sqlite://`, `sqlite://:memory:` or `sqlite:///:memory:` for a private in-memory database;
 * - `postgresql://…` or `postgres://…`, also with an SQLAlchemy driver suffix such as
 *   `postgresql+psycopg2://…` (ignored), passed to `pg` as a connection string.
 * Anything else is INVALID_PARAMETER_VALUE naming only the scheme (a URI may carry a password).
 */
export function parseDatabaseUri(uri: string): DatabaseLocation {
  const schemeEnd = uri.indexOf('://');
  const scheme = schemeEnd === -1 ? '' : uri.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd === -1 ? '' : uri.slice(schemeEnd + 3);
  const baseScheme = scheme.split('+', 1)[0];
  if (baseScheme === 'sqlite') return { dialect: 'sqlite', filename: sqliteFilename(rest) };
  if (baseScheme === 'postgresql' || baseScheme === 'postgres') {
    return { dialect: 'postgres', connectionString: `postgresql://${rest}` };
  }
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    schemeEnd === -1
      ? 'Invalid database URI: expected sqlite:///<path> or postgresql://<user>@<host>/<database>.'
      : `Unsupported database URI scheme '${scheme}': expected sqlite:///<path> or postgresql://<user>@<host>/<database>.`,
  );
}
