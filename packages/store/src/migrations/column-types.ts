import { sql, type ColumnDataType, type Expression } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';

type DataType = ColumnDataType | Expression<unknown>;

/** Column types per dialect, so that one migration creates the same schema on SQLite and PostgreSQL. */
export interface ColumnTypes {
  int64: DataType;
  double: DataType;
  /**
   * Text compared and sorted byte-wise: SQLite's default BINARY collation, `COLLATE "C"` on
   * PostgreSQL (a database's default collation sorts case-insensitively, and MLflow's ordering of
   * names and tags is case-sensitive).
   */
  text: DataType;
  /** The type of an autoincrement primary key column (add `.primaryKey()`, and `autoIncrement()` on SQLite). */
  sequence: DataType;
}

export function columnTypesFor(dialect: DatabaseDialect): ColumnTypes {
  return dialect === 'sqlite'
    ? { int64: 'integer', double: 'real', text: 'text', sequence: 'integer' }
    : { int64: 'bigint', double: 'double precision', text: sql`text collate "C"`, sequence: 'bigserial' };
}
