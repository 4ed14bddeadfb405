import pg from 'pg';

/** SQL texts run as named prepared statements on PostgreSQL, with their names. */
const statementNames = new Map<string, string>();

/**
 * Marks a constant SQL text as a hot statement: on PostgreSQL each pooled connection parses and
 * plans it once, then only binds and executes it (for a log-metric group that halves PostgreSQL's
 * CPU per statement). Only fixed texts belong here, never SQL built per request: every connection
 * keeps each statement it prepared until it closes. Returns the text.
 */
export function preparedOnPostgres(sqlText: string): string {
  if (!statementNames.has(sqlText)) statementNames.set(sqlText, `millrace_${statementNames.size + 1}`);
  return sqlText;
}

type QueryCallback = (error: Error, result: pg.QueryResult) => void;

/**
 * A `pg` client that sends the texts marked with `preparedOnPostgres` as named statements. Kysely
 * calls `query(text, values)`; everything else goes through unchanged.
 */
export class PreparingPostgresClient extends pg.Client {
  // @ts-expect-error -- one implementation for pg's overloads, which it forwards unchanged.
  override query(config: unknown, values?: unknown, callback?: unknown): unknown {
    if (typeof config === 'string' && typeof callback !== 'function') {
      const name = statementNames.get(config);
      if (name !== undefined) {
        if (typeof values === 'function') {
          return super.query({ name, text: config }, values as QueryCallback);
        }
        return super.query({ name, text: config, values: values as unknown[] | undefined });
      }
    }
    return (super.query as (...arguments_: unknown[]) => unknown)(config, values, callback);
  }
}
