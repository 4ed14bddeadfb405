import { MillraceError } from '@millrace/core';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { StoreDatabase } from '../database/store-database.js';
import { DEFAULT_ARTIFACT_ROOT } from '../tracking/artifact-uris.js';
import { createLoggedModelSchemaMigration } from './logged-model-schema-migration.js';
import { createModelRegistrySchemaMigration } from './model-registry-schema-migration.js';
import { createRunMetricsWithoutForeignKeyMigration } from './run-metrics-without-foreign-key-migration.js';
import { createTrackingSchemaMigration } from './tracking-schema-migration.js';
import { createTracesSchemaMigration } from './traces-schema-migration.js';

export interface MigrateOptions {
  /** The artifact root of the default experiment created by the first migration. Default `mlflow-artifacts:/`. */
  defaultArtifactRoot?: string;
}

/**
 * Every migration, in code (no migration files to ship), keyed by a name that sorts in the order
 * they run. Later ones append theirs here (`0006_…`).
 */
export function createMigrationProvider(
  database: Pick<StoreDatabase, 'dialect'>,
  options: MigrateOptions = {},
): MigrationProvider {
  const defaultArtifactRoot = options.defaultArtifactRoot ?? DEFAULT_ARTIFACT_ROOT;
  return {
    getMigrations: async (): Promise<Record<string, Migration>> => ({
      '0001_tracking_schema': createTrackingSchemaMigration({
        dialect: database.dialect,
        defaultArtifactRoot,
      }),
      '0002_logged_models': createLoggedModelSchemaMigration({ dialect: database.dialect }),
      '0003_model_registry': createModelRegistrySchemaMigration({ dialect: database.dialect }),
      '0004_traces': createTracesSchemaMigration({ dialect: database.dialect }),
      '0005_run_metrics_without_foreign_key': createRunMetricsWithoutForeignKeyMigration({
        dialect: database.dialect,
      }),
    }),
  };
}

async function currentPostgresSchema(database: StoreDatabase): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.kysely);
  const schema = result.rows[0]?.schema;
  if (schema === undefined || schema === null) {
    throw new MillraceError(
      'INTERNAL_ERROR',
      'The PostgreSQL connection has no current schema (check search_path).',
    );
  }
  return schema;
}

/**
 * Brings the database schema up to date (idempotent; concurrent callers are serialised by
 * Kysely's migration lock). Failures are INTERNAL_ERROR naming the failed migration.
 * On PostgreSQL the migration bookkeeping lives in the connection's current schema, so that
 * databases kept in different schemas (`options=-c search_path=...`) migrate independently.
 */
export async function migrateToLatest(
  database: StoreDatabase,
  options: MigrateOptions = {},
): Promise<string[]> {
  const migrator = new Migrator({
    db: database.kysely,
    provider: createMigrationProvider(database, options),
    ...(database.dialect === 'postgres'
      ? { migrationTableSchema: await currentPostgresSchema(database) }
      : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new MillraceError(
      'INTERNAL_ERROR',
      `Database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`.replace(
        '  ',
        ' ',
      ),
      { cause: error },
    );
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
