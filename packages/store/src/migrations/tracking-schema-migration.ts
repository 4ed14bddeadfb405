import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../database/store-database.js';
import { experimentArtifactLocation } from '../tracking/artifact-uris.js';
import { DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME } from '../tracking/tracking-entities.js';
import { columnTypesFor } from './column-types.js';

export interface TrackingSchemaMigrationOptions {
  dialect: DatabaseDialect;
  /** Where the default experiment `0` keeps its artifacts: `<root>/0`. */
  defaultArtifactRoot: string;
}

/**
 * The tracking tables (experiments, runs, tags, params, metric history, latest metrics, datasets
 * and inputs) with the indexes search needs, and the default experiment `0` named `Default`.
 */
export function createTrackingSchemaMigration(options: TrackingSchemaMigrationOptions): Migration {
  const types = columnTypesFor(options.dialect);
  const sqlite = options.dialect === 'sqlite';

  async function up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('experiments')
      .addColumn('experiment_id', types.sequence, (column) =>
        sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
      )
      .addColumn('name', types.text, (column) => column.notNull().unique())
      .addColumn('artifact_location', types.text, (column) => column.notNull())
      .addColumn('lifecycle_stage', types.text, (column) => column.notNull())
      .addColumn('creation_time', types.int64, (column) => column.notNull())
      .addColumn('last_update_time', types.int64, (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('experiment_tags')
      .addColumn('sequence', types.sequence, (column) =>
        sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
      )
      .addColumn('experiment_id', types.int64, (column) =>
        column.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.text, (column) => column.notNull())
      .addUniqueConstraint('experiment_tags_experiment_key', ['experiment_id', 'key'])
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('run_uuid', types.text, (column) => column.primaryKey())
      .addColumn('name', types.text, (column) => column.notNull())
      .addColumn('experiment_id', types.int64, (column) =>
        column.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('user_id', types.text, (column) => column.notNull())
      .addColumn('status', types.text, (column) => column.notNull())
      .addColumn('start_time', types.int64, (column) => column.notNull())
      .addColumn('end_time', types.int64)
      .addColumn('deleted_time', types.int64)
      .addColumn('lifecycle_stage', types.text, (column) => column.notNull())
      .addColumn('artifact_uri', types.text, (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('runs_experiment_stage_start')
      .on('runs')
      .columns(['experiment_id', 'lifecycle_stage', 'start_time'])
      .execute();

    for (const table of ['run_tags', 'run_params']) {
      await db.schema
        .createTable(table)
        .addColumn('sequence', types.sequence, (column) =>
          sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
        )
        .addColumn('run_uuid', types.text, (column) =>
          column.notNull().references('runs.run_uuid').onDelete('cascade'),
        )
        .addColumn('key', types.text, (column) => column.notNull())
        .addColumn('value', types.text, (column) => column.notNull())
        .addUniqueConstraint(`${table}_run_key`, ['run_uuid', 'key'])
        .execute();
      // Filters look rows up by key and value. PostgreSQL b-tree entries are limited to about
      // 2.7 kB and values may be 6000/8000 characters, so there only the key is indexed.
      await db.schema
        .createIndex(`${table}_key_value`)
        .on(table)
        .columns(sqlite ? ['key', 'value'] : ['key'])
        .execute();
    }

    let metrics = db.schema
      .createTable('run_metrics')
      .addColumn('run_uuid', types.text, (column) =>
        column.notNull().references('runs.run_uuid').onDelete('cascade'),
      )
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.double, (column) => column.notNull())
      .addColumn('timestamp', types.int64, (column) => column.notNull())
      .addColumn('step', types.int64, (column) => column.notNull())
      .addColumn('is_nan', types.int64, (column) => column.notNull())
      // The whole point is the key: identical points are stored once, and history reads
      // (run, key) ordered by (timestamp, step, value) straight from it.
      .addPrimaryKeyConstraint('run_metrics_point', [
        'run_uuid',
        'key',
        'timestamp',
        'step',
        'value',
        'is_nan',
      ]);
    if (sqlite) metrics = metrics.modifyEnd(sql`without rowid`);
    await metrics.execute();

    await db.schema
      .createTable('run_latest_metrics')
      .addColumn('sequence', types.sequence, (column) =>
        sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
      )
      .addColumn('run_uuid', types.text, (column) =>
        column.notNull().references('runs.run_uuid').onDelete('cascade'),
      )
      .addColumn('key', types.text, (column) => column.notNull())
      .addColumn('value', types.double, (column) => column.notNull())
      .addColumn('timestamp', types.int64, (column) => column.notNull())
      .addColumn('step', types.int64, (column) => column.notNull())
      .addColumn('is_nan', types.int64, (column) => column.notNull())
      .addUniqueConstraint('run_latest_metrics_run_key', ['run_uuid', 'key'])
      .execute();
    await db.schema
      .createIndex('run_latest_metrics_key_value')
      .on('run_latest_metrics')
      .columns(['key', 'value'])
      .execute();

    await db.schema
      .createTable('datasets')
      .addColumn('dataset_uuid', types.text, (column) => column.primaryKey())
      .addColumn('experiment_id', types.int64, (column) =>
        column.notNull().references('experiments.experiment_id').onDelete('cascade'),
      )
      .addColumn('name', types.text, (column) => column.notNull())
      .addColumn('digest', types.text, (column) => column.notNull())
      .addColumn('source_type', types.text, (column) => column.notNull())
      .addColumn('source', types.text, (column) => column.notNull())
      .addColumn('schema', types.text)
      .addColumn('profile', types.text)
      .addUniqueConstraint('datasets_experiment_name_digest', ['experiment_id', 'name', 'digest'])
      .execute();

    await db.schema
      .createTable('inputs')
      .addColumn('sequence', types.sequence, (column) =>
        sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
      )
      .addColumn('input_uuid', types.text, (column) => column.notNull().unique())
      .addColumn('source_type', types.text, (column) => column.notNull())
      .addColumn('source_id', types.text, (column) => column.notNull())
      .addColumn('destination_type', types.text, (column) => column.notNull())
      .addColumn('destination_id', types.text, (column) => column.notNull())
      .addUniqueConstraint('inputs_edge', ['source_type', 'source_id', 'destination_type', 'destination_id'])
      .execute();
    await db.schema
      .createIndex('inputs_destination')
      .on('inputs')
      .columns(['destination_type', 'destination_id'])
      .execute();

    await db.schema
      .createTable('input_tags')
      .addColumn('sequence', types.sequence, (column) =>
        sqlite ? column.primaryKey().autoIncrement() : column.primaryKey(),
      )
      .addColumn('input_uuid', types.text, (column) =>
        column.notNull().references('inputs.input_uuid').onDelete('cascade'),
      )
      .addColumn('name', types.text, (column) => column.notNull())
      .addColumn('value', types.text, (column) => column.notNull())
      .addUniqueConstraint('input_tags_input_name', ['input_uuid', 'name'])
      .execute();

    const now = Date.now();
    await sql`insert into experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
      values (${Number(DEFAULT_EXPERIMENT_ID)}, ${DEFAULT_EXPERIMENT_NAME},
        ${experimentArtifactLocation(options.defaultArtifactRoot, DEFAULT_EXPERIMENT_ID)}, ${'active'}, ${now}, ${now})`.execute(
      db,
    );
  }

  return { up };
}
