import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { columnTypesFor } from './column-types.js';

/**
 * MLflow 3 traces: trace infos (one row per trace, keyed by the client's trace id), their tags
 * and their request metadata. Span data stays in the artifact store (`traces.json`).
 */
export function createTracesSchemaMigration(options: { dialect: DatabaseDialect }): Migration {
  const types = columnTypesFor(options.dialect);
  const sqlite = options.dialect === 'sqlite';
  const sequenceKey = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    sqlite ? column.primaryKey().autoIncrement() : column.primaryKey();

  async function up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('trace_info')
      .addColumn('request_id', types.text, (column) => column.primaryKey())
      .addColumn('experiment_id', types.int64, (column) =>
        column.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('timestamp_ms', types.int64, (column) => column.notNull())
      .addColumn('execution_time_ms', types.int64)
      .addColumn('status', types.text, (column) => column.notNull())
      .addColumn('client_request_id', types.text)
      .addColumn('request_preview', types.text)
      .addColumn('response_preview', types.text)
      .execute();
    await db.schema
      .createIndex('trace_info_experiment_timestamp')
      .on('trace_info')
      .columns(['experiment_id', 'timestamp_ms'])
      .execute();

    for (const table of ['trace_tags', 'trace_request_metadata']) {
      await db.schema
        .createTable(table)
        .addColumn('sequence', types.sequence, sequenceKey)
        .addColumn('request_id', types.text, (column) =>
          column.notNull().references('trace_info.request_id').onDelete('cascade'),
        )
        .addColumn('key', types.text, (column) => column.notNull())
        .addColumn('value', types.text, (column) => column.notNull())
        .addUniqueConstraint(`${table}_request_key`, ['request_id', 'key'])
        .execute();
    }
  }

  return { up };
}
