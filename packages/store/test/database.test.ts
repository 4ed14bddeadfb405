import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MillraceError } from '@millrace/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareQuery } from '../src/database/prepared-query.js';
import { createDatabase, createTrackingStore, migrateToLatest, parseDatabaseUri } from '../src/index.js';

describe('parseDatabaseUri', () => {
  it('reads SQLAlchemy-style SQLite URIs: relative, absolute and in-memory', () => {
    expect(parseDatabaseUri('sqlite:///mlruns.db')).toEqual({ dialect: 'sqlite', filename: 'mlruns.db' });
    expect(parseDatabaseUri('sqlite:///data/dir/mlflow.db')).toEqual({
      dialect: 'sqlite',
      filename: 'data/dir/mlflow.db',
    });
    expect(parseDatabaseUri('sqlite:////var/lib/mlflow.db')).toEqual({
      dialect: 'sqlite',
      filename: '/var/lib/mlflow.db',
    });
    for (const memory of ['sqlite://', 'sqlite://:memory:', 'sqlite:///:memory:']) {
      expect(parseDatabaseUri(memory)).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    }
  });

  it('passes PostgreSQL URIs to pg, with or without an SQLAlchemy driver suffix', () => {
    expect(parseDatabaseUri('postgresql://user:secret@db:5432/mlflow')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://user:secret@db:5432/mlflow',
    });
    expect(parseDatabaseUri('postgres://db/mlflow').dialect).toBe('postgres');
    expect(parseDatabaseUri('postgresql+psycopg2://db/mlflow')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://db/mlflow',
    });
  });

  it('refuses other schemes without echoing the URI (it may hold a password)', () => {
    let error: unknown;
    try {
      parseDatabaseUri('mysql://root:hunter2@db/mlflow');
    } catch (caught) {
      error = caught;
    }
    expect(MillraceError.isInstance(error) && error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(String((error as Error).message)).not.toContain('hunter2');
    expect(() => parseDatabaseUri('mlflow.db')).toThrow(/Invalid database URI/);
    expect(() => parseDatabaseUri('sqlite://relative.db')).toThrow(/Invalid SQLite database URI/);
  });
});

describe('SQLite databases', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'millrace-store-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('opens files in WAL mode with foreign keys on, creating missing directories', async () => {
    const database = createDatabase(`sqlite:///${path.join(directory, 'nested', 'mlflow.db')}`);
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.kysely);
    const foreignKeys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.kysely);
    expect(journal.rows[0]?.journal_mode).toBe('wal');
    expect(foreignKeys.rows[0]?.foreign_keys).toBe(1);
    await database.close();
  });

  it('migrates once, keeps data across reopenings, and creates the default experiment with the given root', async () => {
    const uri = `sqlite:///${path.join(directory, 'mlflow.db')}`;
    const first = createDatabase(uri);
    expect(await migrateToLatest(first, { defaultArtifactRoot: 's3://bucket/root/' })).toEqual([
      '0001_tracking_schema',
      '0002_logged_models',
      '0003_model_registry',
      '0004_traces',
      '0005_run_metrics_without_foreign_key',
    ]);
    const store = createTrackingStore({ database: first, defaultArtifactRoot: 's3://bucket/root/' });
    expect((await store.getExperiment('0')).artifactLocation).toBe('s3://bucket/root/0');
    const id = await store.createExperiment({ name: 'kept' });
    expect((await store.getExperiment(id)).artifactLocation).toBe('s3://bucket/root/1');
    await first.close();

    const second = createDatabase(uri);
    expect(await migrateToLatest(second)).toEqual([]);
    expect((await createTrackingStore({ database: second }).getExperimentByName('kept')).experimentId).toBe(
      id,
    );
    await second.close();
  });
});

describe('prepareQuery', () => {
  it('compiles a query once per database and runs it with new values each time', async () => {
    const database = createDatabase('sqlite:///:memory:');
    await migrateToLatest(database);
    let builds = 0;
    const byName = prepareQuery<{ name: string }, { experiment_id: number }>(['name'], (db, values) => {
      builds += 1;
      return db.selectFrom('experiments').select('experiment_id').where('name', '=', values.name);
    });
    const store = createTrackingStore({ database });
    const id = await store.createExperiment({ name: 'prepared' });
    expect((await byName.execute(database.kysely, { name: 'Default' })).rows).toEqual([{ experiment_id: 0 }]);
    expect((await byName.execute(database.kysely, { name: 'prepared' })).rows).toEqual([
      { experiment_id: Number(id) },
    ]);
    await database.kysely.transaction().execute(async (transaction) => {
      expect((await byName.execute(transaction, { name: 'nope' })).rows).toEqual([]);
    });
    expect(builds).toBe(1);
    await database.close();
  });

  it('refuses queries whose parameters are not all placeholders', async () => {
    const database = createDatabase('sqlite:///:memory:');
    const literal = prepareQuery<{ name: string }, unknown>(['name'], (db, values) =>
      db
        .selectFrom('experiments')
        .select('name')
        .where('name', '=', values.name)
        .where('lifecycle_stage', '=', 'active'),
    );
    await expect(literal.execute(database.kysely, { name: 'x' })).rejects.toThrow(
      /only have placeholder parameters/,
    );
    await database.close();
  });
});
