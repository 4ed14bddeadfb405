// `millrace server` and `millrace db upgrade` as a user runs them, on SQLite and (when CI provides
// it) PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemporaryPostgresSchema, TEST_POSTGRES_URL } from '../../store/test/postgres-test-schema.js';
import { runMillrace, startMillrace } from './millrace-process.js';

let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-server-'));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

async function exerciseServer(backendStoreUri: string): Promise<void> {
  const server = await startMillrace(['server', '--backend-store-uri', backendStoreUri, '-p', '0']);
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${server.address}/api/2.0/mlflow/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = (await (await post('experiments/create', { name: 'from-cli' })).json()) as {
      experiment_id: string;
    };
    expect(created.experiment_id).toMatch(/^\d+$/);
    const duplicate = await post('experiments/create', { name: 'from-cli' });
    expect(duplicate.status).toBe(400);
    expect(((await duplicate.json()) as { error_code: string }).error_code).toBe('RESOURCE_ALREADY_EXISTS');
    const defaultExperiment = await fetch(`${server.address}/api/2.0/mlflow/experiments/get?experiment_id=0`);
    expect(((await defaultExperiment.json()) as { experiment: { name: string } }).experiment.name).toBe(
      'Default',
    );
    expect(await (await fetch(`${server.address}/health`)).text()).toBe('OK');
  } finally {
    expect(await server.stop()).toBe(0);
  }
}

describe('millrace server', () => {
  it('serves the tracking API on a SQLite file created and migrated at start', async () => {
    await exerciseServer(`sqlite:///${join(workspace, 'tracking.db')}`);
  });

  it('keeps its data across restarts and db upgrade is idempotent', async () => {
    const uri = `sqlite:///${join(workspace, 'restart.db')}`;
    const first = await runMillrace(['db', 'upgrade', uri]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('applied');
    const second = await runMillrace(['db', 'upgrade', uri]);
    expect(second.stdout).toContain('is up to date');
    await exerciseServer(uri);
    const server = await startMillrace(['server', '--backend-store-uri', uri, '-p', '0']);
    try {
      const found = await fetch(
        `${server.address}/api/2.0/mlflow/experiments/get-by-name?experiment_name=from-cli`,
      );
      expect(found.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it.runIf(TEST_POSTGRES_URL !== undefined)('serves the tracking API on PostgreSQL', async () => {
    const schema = await createTemporaryPostgresSchema(TEST_POSTGRES_URL!);
    try {
      const upgraded = await runMillrace(['db', 'upgrade', schema.uri]);
      expect(upgraded.code, upgraded.stderr).toBe(0);
      await exerciseServer(schema.uri);
    } finally {
      await schema.drop();
    }
  });

  it('refuses an unsupported backend store URI with one clear line', async () => {
    const result = await runMillrace([
      'server',
      '--backend-store-uri',
      'mysql://root@localhost/x',
      '-p',
      '0',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^millrace: error: .*mysql/m);
    expect(result.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});
