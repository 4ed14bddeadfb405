import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { columnTypesFor } from './column-types.js';

/**
 * MLflow 3 logged models: the models, their tags, params and metrics (points a run logged with a
 * `model_id`), and which models each run produced (runs/outputs).
 */
export function createLoggedModelSchemaMigration(options: { dialect: DatabaseDialect }): Migration {
  const types = columnTypesFor(options.dialect);
  const sqlite = options.dialect === 'sqlite';
  const sequenceKey = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    sqlite ? column.primaryKey().autoIncrement() : column.primaryKey();

  async function up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('logged_models')
      .addColumn('model_id', types.text, (column) => column.primaryKey())
      .addColumn('experiment_id', types.int64, (column) =>
        column.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('name', types.text, (column) => column.notNull())
      .addColumn('artifact_location', types.text, (column) => column.notNull())
      .addColumn('creation_timestamp_ms', types.int64, (column) => column.notNull())
      .addColumn('last_updated_timestamp_ms', types.int64, (column) => column.notNull())
      .addColumn('status', types.text, (column) => column.notNull())
      .addColumn('lifecycle_stage', types.text, (column) => column.notNull())
      .addColumn('model_type', types.text, (column) => column.notNull())
      .addColumn('source_run_id', types.text, (column) => column.notNull())
      .addColumn('status_message', types.text)
      .execute();
    await db.schema
      .createIndex('logged_models_experiment_stage_creation')
      .on('logged_models')
      .columns(['experiment_id', 'lifecycle_stage', 'creation_timestamp_ms'])
      .execute();
    await db.schema
      .createIndex('logged_models_source_run')
      .on('logged_models')
      .columns(['source_run_id'])
      .execute();

    for (const table of ['logged_model_tags', 'logged_model_params']) {
      await db.schema
        .createTable(table)
        .addColumn('sequence', types.sequence, sequenceKey)
        .addColumn('model_id', types.text, (column) =>
          column.notNull().references('logged_models.model_id').onDelete('cascade'),
        )
        .addColumn('key', types.text, (column) => column.notNull())
        .addColumn('value', types.text, (column) => column.notNull())
        .addUniqueConstraint(`${table}_model_key`, ['model_id', 'key'])
        .execute();
    }

    await db.schema
      .createTable('logged_model_metrics')
      .addColumn('sequence', types.sequence, sequenceKey)
      .addColumn('model_id', types.text, (column) =>
        column.notNull().references('logged_models.model_id').onDelete('cascade'),
      )
      .addColumn('run_uuid', types.text, (column) => column.notNull())
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.double, (column) => column.notNull())
      .addColumn('is_nan', types.int64, (column) => column.notNull())
      .addColumn('timestamp', types.int64, (column) => column.notNull())
      .addColumn('step', types.int64, (column) => column.notNull())
      .addColumn('dataset_name', types.text, (column) => column.notNull())
      .addColumn('dataset_digest', types.text, (column) => column.notNull())
      // Identical points are stored once (a client re-logging a run's metrics for a model).
      .addUniqueConstraint('logged_model_metrics_point', [
        'model_id',
        'key',
        'run_uuid',
        'timestamp',
        'step',
        'value',
        'is_nan',
        'dataset_name',
        'dataset_digest',
      ])
      .execute();

    await db.schema
      .createTable('run_model_outputs')
      .addColumn('sequence', types.sequence, sequenceKey)
      .addColumn('run_uuid', types.text, (column) =>
        column.notNull().references('runs.run_uuid').onDelete('cascade'),
      )
      .addColumn('model_id', types.text, (column) =>
        column.notNull().references('logged_models.model_id').onDelete('cascade'),
      )
      .addColumn('step', types.int64, (column) => column.notNull())
      .addUniqueConstraint('run_model_outputs_run_model', ['run_uuid', 'model_id'])
      .execute();
  }

  return { up };
}
