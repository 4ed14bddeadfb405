import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { normalizeInteger } from '../int64.js';
import { SQLITE_MEMORY } from './database-uri.js';

/** Prepared statements kept per connection, by SQL text (Kysely prepares every query it runs). */
const STATEMENT_CACHE_SIZE = 512;
/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MILLISECONDS = 5000;

function normalizeRow(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const record = row as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'bigint') record[key] = normalizeInteger(value);
  }
  return record;
}

function wrapStatement(statement: Database.Statement): SqliteStatement {
  // Integers are read exactly (int64 steps and timestamps exceed 2^53) and handed back as
  // numbers when safe, as bigints otherwise.
  statement.safeIntegers(true);
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(...parameters).map(normalizeRow),
    run: (parameters) => statement.run(...parameters),
    iterate: function* (parameters) {
      for (const row of statement.iterate(...parameters)) yield normalizeRow(row);
    },
  };
}

/**
 * Opens a better-sqlite3 database for Kysely: WAL journal (file databases), `synchronous=NORMAL`,
 * a busy timeout, foreign keys on; prepared statements are cached by SQL text and integers are
 * read exactly. The parent directory of a file database is created if missing.
 */
export function openSqliteDatabase(filename: string): SqliteDatabase {
  if (filename !== SQLITE_MEMORY) mkdirSync(dirname(resolve(filename)), { recursive: true });
  const database = new Database(filename);
  if (filename !== SQLITE_MEMORY) database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MILLISECONDS}`);
  database.pragma('foreign_keys = ON');

  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sqlText) {
      const cached = statements.get(sqlText);
      if (cached !== undefined) return cached;
      const statement = wrapStatement(database.prepare(sqlText));
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next();
        if (oldest.done !== true) statements.delete(oldest.value);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}
