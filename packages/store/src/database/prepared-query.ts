import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { preparedOnPostgres } from './postgres-prepared-statements.js';
import type { StoreTables } from './store-database.js';

/** Marks a placeholder among a compiled query's parameters. */
const PLACEHOLDER_PREFIX = '\u0000millrace-placeholder:';

export interface PreparedQuery<Values, Row> {
  /** Runs the query with these values, on the database or a transaction of it. */
  execute(db: Kysely<StoreTables>, values: Values): Promise<QueryResult<Row>>;
}

/**
 * A Kysely query built and compiled once per database, then executed with new values: for hot
 * paths (one log-metric) where building and compiling a query costs more than running it.
 * `build` gets placeholders typed as the values (they are marker strings at build time), so it
 * must use each value as a plain parameter: no `sql.lit`, no lists, no values that change the
 * query's shape. On PostgreSQL the query also runs as a named prepared statement.
 */
export function prepareQuery<Values extends Record<string, unknown>, Row>(
  names: readonly (keyof Values & string)[],
  build: (db: Kysely<StoreTables>, values: Values) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  const compiledByDatabase = new WeakMap<
    object,
    { query: CompiledQuery<Row>; order: (keyof Values & string)[] }
  >();
  const placeholders = Object.fromEntries(
    names.map((name) => [name, `${PLACEHOLDER_PREFIX}${name}`]),
  ) as unknown as Values;

  function compile(db: Kysely<StoreTables>) {
    const query = build(db, placeholders).compile();
    const order = query.parameters.map((parameter) => {
      if (typeof parameter !== 'string' || !parameter.startsWith(PLACEHOLDER_PREFIX)) {
        throw new TypeError(`A prepared query may only have placeholder parameters: ${query.sql}`);
      }
      return parameter.slice(PLACEHOLDER_PREFIX.length) as keyof Values & string;
    });
    preparedOnPostgres(query.sql);
    return { query, order };
  }

  return {
    async execute(db, values) {
      // Transactions share their database's executor, so a query compiled for one serves both.
      const key = db.getExecutor().adapter;
      let compiled = compiledByDatabase.get(key);
      if (compiled === undefined) {
        compiled = compile(db);
        compiledByDatabase.set(key, compiled);
      }
      return db.executeQuery({ ...compiled.query, parameters: compiled.order.map((name) => values[name]) });
    },
  };
}
