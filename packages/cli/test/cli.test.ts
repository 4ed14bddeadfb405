import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, runMillrace, startMillrace } from './millrace-process.js';

let workspace: string;
let modelPath: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-cli-'));
  const code = join(workspace, 'double.mjs');
  await writeFile(
    code,
    `export default { predict(_context, rows, params) { return rows.map((row) => row.x * params.factor); } };\n`,
  );
  const signature = join(workspace, 'signature.json');
  await writeFile(
    signature,
    JSON.stringify({
      inputs: [{ type: 'double', name: 'x', required: true }],
      outputs: null,
      params: [{ name: 'factor', type: 'double', default: 2.0, shape: null }],
    }),
  );
  modelPath = join(workspace, 'model');
  const saved = await runMillrace([
    'models',
    'save',
    '--code',
    code,
    '--path',
    modelPath,
    '--signature',
    signature,
  ]);
  expect(saved.code, saved.stderr).toBe(0);
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('millrace --help', () => {
  it('lists the commands', async () => {
    const result = await runMillrace(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/models/);
    expect(result.stdout).toMatch(/quickstart/);
  });

  it('documents MLflow-compatible serve options, with -h as the host', async () => {
    const result = await runMillrace(['models', 'serve', '--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '-m, --model-uri',
      '-h, --host',
      '-p, --port',
      '-t, --timeout',
      '-w, --workers',
      '--env-manager',
      '--no-conda',
    ]) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain('127.0.0.1');
    expect(result.stdout).toContain('5000');
  });
});

describe('millrace models predict', () => {
  it('predicts from a file with the params defaults and overrides', async () => {
    const input = join(workspace, 'input.json');
    await writeFile(input, JSON.stringify({ dataframe_split: { columns: ['x'], data: [[1.5], [2]] } }));
    const defaults = await runMillrace(['models', 'predict', '-m', modelPath, '-i', input]);
    expect(defaults.code, defaults.stderr).toBe(0);
    expect(JSON.parse(defaults.stdout)).toEqual({ predictions: [3, 4] });

    const overridden = await runMillrace(['models', 'predict', '-m', modelPath], {
      input: JSON.stringify({ inputs: [{ x: 1 }], params: { factor: 10 } }),
    });
    expect(JSON.parse(overridden.stdout)).toEqual({ predictions: [10] });
  });

  it('reads CSV with -t csv and writes to -o', async () => {
    const input = join(workspace, 'input.csv');
    const output = join(workspace, 'output.json');
    await writeFile(input, 'x\n4\n5\n');
    const result = await runMillrace([
      'models',
      'predict',
      '-m',
      modelPath,
      '-i',
      input,
      '-o',
      output,
      '-t',
      'csv',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(output, 'utf8'))).toEqual({ predictions: [8, 10] });
  });

  it('fails with one clear line for an input the signature rejects', async () => {
    const result = await runMillrace(['models', 'predict', '-m', modelPath], {
      input: JSON.stringify({ inputs: [{ y: 1 }] }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^millrace: error: .*missing inputs \['x'\]/m);
    expect(result.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });
});

describe('millrace models serve', () => {
  it('refuses a model directory that does not exist, without a stack trace', async () => {
    const result = await runMillrace(['models', 'serve', '-m', join(workspace, 'missing'), '-p', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not find an "MLmodel" configuration file');
    expect(result.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('validates its options like MLflow', async () => {
    const port = await runMillrace(['models', 'serve', '-m', modelPath, '-p', '70000']);
    expect(port.code).not.toBe(0);
    expect(port.stderr).toContain('port must be a whole number from 0 to 65535');
    const envManager = await runMillrace(['models', 'serve', '-m', modelPath, '--env-manager', 'pipenv']);
    expect(envManager.code).not.toBe(0);
    expect(envManager.stderr).toContain(
      "Invalid value for `env_manager`: pipenv. Must be one of ['local', 'virtualenv', 'uv', 'conda']",
    );
  });

  it("accepts the seeds' flags, serves, and stops cleanly on SIGTERM", async () => {
    const server = await startMillrace([
      'models',
      'serve',
      '-m',
      modelPath,
      '-h',
      '127.0.0.1',
      '-p',
      '0',
      '--no-conda',
      '--env-manager',
      'local',
    ]);
    try {
      const response = await fetch(`${server.address}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { x: [1, 2] }, params: { factor: 3 } }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ predictions: [3, 6] });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('takes the port from MLFLOW_PORT', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const server = await startMillrace(['models', 'serve', '-m', modelPath], {
      env: { MLFLOW_PORT: String(port) },
    });
    try {
      expect(server.address).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${server.address}/ping`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('runs several worker processes with -w', async () => {
    const server = await startMillrace(['models', 'serve', '-m', modelPath, '-p', '0', '-w', '2']);
    try {
      expect(server.output()).toContain('workers: 2');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${server.address}/invocations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ inputs: [{ x: 2 }] }),
          }).then((response) => response.json()),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 20 }, () => ({ predictions: [4] })));
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serves from a worker started with the young-generation cap, or by itself when NODE_OPTIONS has one', async () => {
    const servingCommandLines = async (server: RunningServer): Promise<string[]> => {
      const children = (await readFile(`/proc/${server.child.pid}/task/${server.child.pid}/children`, 'utf8'))
        .trim()
        .split(/\s+/)
        .filter((pid) => pid !== '');
      return Promise.all(
        children.map(async (pid) => (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ')),
      );
    };
    const supervised = await startMillrace(['models', 'serve', '-m', modelPath, '-p', '0']);
    try {
      const workers = await servingCommandLines(supervised);
      expect(workers).toHaveLength(1);
      expect(workers[0]).toContain('--max-semi-space-size=4');
      const answer = await fetch(`${supervised.address}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [{ x: 3 }] }),
      });
      expect(await answer.json()).toEqual({ predictions: [6] });
    } finally {
      expect(await supervised.stop()).toBe(0);
    }
    const alone = await startMillrace(['models', 'serve', '-m', modelPath, '-p', '0'], {
      env: { NODE_OPTIONS: '--max-semi-space-size=8' },
    });
    try {
      expect(await servingCommandLines(alone)).toEqual([]);
    } finally {
      expect(await alone.stop()).toBe(0);
    }
  });

  it('stops the whole cluster when the model cannot load', async () => {
    const result = await runMillrace([
      'models',
      'serve',
      '-m',
      join(workspace, 'missing'),
      '-p',
      '0',
      '-w',
      '2',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not find an "MLmodel" configuration file');
  });
});
