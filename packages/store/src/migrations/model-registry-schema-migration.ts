import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { columnTypesFor } from './column-types.js';

/** The model registry: registered models, their tags and aliases, model versions and their tags. */
export function createModelRegistrySchemaMigration(options: { dialect: DatabaseDialect }): Migration {
  const types = columnTypesFor(options.dialect);
  const sqlite = options.dialect === 'sqlite';
  const sequenceKey = (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    sqlite ? column.primaryKey().autoIncrement() : column.primaryKey();

  async function up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('registered_models')
      .addColumn('registered_model_id', types.sequence, sequenceKey)
      .addColumn('name', types.text, (column) => column.notNull().unique())
      .addColumn('creation_time', types.int64, (column) => column.notNull())
      .addColumn('last_updated_time', types.int64, (column) => column.notNull())
      .addColumn('description', types.text)
      .execute();

    await db.schema
      .createTable('registered_model_tags')
      .addColumn('sequence', types.sequence, sequenceKey)
      .addColumn('registered_model_id', types.int64, (column) =>
        column.notNull().references('registered_models.registered_model_id').onDelete('cascade'),
      )
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.text, (column) => column.notNull())
      .addUniqueConstraint('registered_model_tags_model_key', ['registered_model_id', 'key'])
      .execute();
    await db.schema
      .createIndex('registered_model_tags_key')
      .on('registered_model_tags')
      .columns(['key'])
      .execute();

    await db.schema
      .createTable('model_versions')
      .addColumn('registered_model_id', types.int64, (column) =>
        column.notNull().references('registered_models.registered_model_id').onDelete('cascade'),
      )
      .addColumn('version', types.int64, (column) => column.notNull())
      .addColumn('creation_time', types.int64, (column) => column.notNull())
      .addColumn('last_updated_time', types.int64, (column) => column.notNull())
      .addColumn('description', types.text)
      .addColumn('user_id', types.text)
      .addColumn('current_stage', types.text, (column) => column.notNull())
      .addColumn('source', types.text, (column) => column.notNull())
      .addColumn('storage_location', types.text)
      .addColumn('run_id', types.text)
      .addColumn('run_link', types.text)
      .addColumn('status', types.text, (column) => column.notNull())
      .addColumn('status_message', types.text)
      .addPrimaryKeyConstraint('model_versions_model_version', ['registered_model_id', 'version'])
      .execute();
    await db.schema.createIndex('model_versions_run').on('model_versions').columns(['run_id']).execute();

    await db.schema
      .createTable('model_version_tags')
      .addColumn('sequence', types.sequence, sequenceKey)
      .addColumn('registered_model_id', types.int64, (column) => column.notNull())
      .addColumn('version', types.int64, (column) => column.notNull())
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.text, (column) => column.notNull())
      .addForeignKeyConstraint(
        'model_version_tags_version',
        ['registered_model_id', 'version'],
        'model_versions',
        ['registered_model_id', 'version'],
        (constraint) => constraint.onDelete('cascade'),
      )
      .addUniqueConstraint('model_version_tags_version_key', ['registered_model_id', 'version', 'key'])
      .execute();
    await db.schema.createIndex('model_version_tags_key').on('model_version_tags').columns(['key']).execute();

    await db.schema
      .createTable('registered_model_aliases')
      .addColumn('registered_model_id', types.int64, (column) =>
        column.notNull().references('registered_models.registered_model_id').onDelete('cascade'),
      )
      .addColumn('alias', types.text, (column) => column.notNull())
      .addColumn('version', types.int64, (column) => column.notNull())
      .addPrimaryKeyConstraint('registered_model_aliases_model_alias', ['registered_model_id', 'alias'])
      .execute();
  }

  return { up };
}
