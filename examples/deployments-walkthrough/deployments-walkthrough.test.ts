// The deployments walkthrough end to end, through real processes as its README runs it: a tracking
// server; log-models.mjs logs and registers the models with the SDK; `millrace models serve -m
// models:/<name>/1` serves each; the gateway starts from this folder's config.yaml (the model
// servers' addresses put in) plus the seed's incompatible embeddings endpoint; queries go through
// query.mjs (deployments client and OpenAI SDK), REST and the OpenAI SDK from here.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { getDeployClient } from '@millrace/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startMillrace,
  type CommandResult,
  type RunningServer,
} from '../../packages/cli/test/millrace-process.js';

const example = fileURLToPath(new URL('.', import.meta.url));
/** The model server port of each registered model in config.yaml (and the incompatible one's). */
const SERVED_MODELS = [
  { name: 'sentence-transformer', port: 9020 },
  { name: 'fill-mask', port: 9010 },
  { name: 'mpt-7b-instruct', port: 9030 },
  { name: 'embeddings-records', port: 9040 },
];
let workspace: string;
let environment: NodeJS.ProcessEnv;
let tracking: RunningServer;
const modelServers = new Map<string, RunningServer>();
let gateway: RunningServer;
let logged: CommandResult;

/** Runs one of this folder's scripts with Node, as the README does. */
function runScript(script: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(example, script), ...args], {
      cwd: workspace,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function address(name: string): string {
  return modelServers.get(name)!.address;
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-deployments-walkthrough-'));
  tracking = await startMillrace([
    'server',
    '--backend-store-uri',
    `sqlite:///${join(workspace, 'mlflow.db')}`,
    '--artifacts-destination',
    join(workspace, 'mlartifacts'),
    '-p',
    '0',
  ]);
  environment = { MLFLOW_TRACKING_URI: tracking.address, MILLRACE_ARTIFACT_CACHE: join(workspace, 'cache') };
  logged = await runScript('log-models.mjs', ['--workdir', join(workspace, 'work'), '--with-incompatible']);
  expect(logged.code, logged.stderr).toBe(0);

  const started = await Promise.all(
    SERVED_MODELS.map(({ name }) =>
      startMillrace(
        ['models', 'serve', '-m', `models:/${name}/1`, '-h', '127.0.0.1', '-p', '0', '--no-conda'],
        {
          env: environment,
        },
      ),
    ),
  );
  SERVED_MODELS.forEach(({ name }, index) => modelServers.set(name, started[index]!));

  let config = await readFile(join(example, 'config.yaml'), 'utf8');
  for (const { name, port } of SERVED_MODELS) {
    config = config.replace(`http://127.0.0.1:${port}`, address(name));
  }
  config += [
    '  - name: embeddings-records',
    '    endpoint_type: llm/v1/embeddings',
    '    model:',
    '      provider: mlflow-model-serving',
    '      name: embeddings-records',
    '      config:',
    `        model_server_url: ${address('embeddings-records')}`,
    '',
  ].join('\n');
  const configPath = join(workspace, 'config.yaml');
  await writeFile(configPath, config);
  gateway = await startMillrace(['deployments', 'start-server', '--config-path', configPath, '--port', '0']);
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([...modelServers.values()].map((server) => server.stop()));
  await tracking?.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('the deployments walkthrough', () => {
  it('registers every model and prints the commands that serve them', () => {
    for (const { name, port } of SERVED_MODELS) {
      expect(logged.stdout).toContain(
        `npx millrace models serve -m models:/${name}/1 -h 127.0.0.1 -p ${port}`,
      );
    }
  });

  it('warns at start-up about the embeddings endpoint whose model answers rows, and only about it', () => {
    const output = gateway.output();
    expect(output).toContain("warning: endpoint 'embeddings-records' (llm/v1/embeddings)");
    expect(output).toContain('needs a list of float vectors');
    for (const name of ['embeddings', 'fillmask', 'mpt-instruct']) {
      expect(output).not.toContain(`warning: endpoint '${name}'`);
    }
  });

  it('answers query.mjs: the deployments client and the OpenAI SDK on all three endpoints', async () => {
    const result = await runScript('query.mjs', ['--target-uri', gateway.address]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'endpoints: embeddings (llm/v1/embeddings), fillmask (llm/v1/completions), mpt-instruct (llm/v1/completions), embeddings-records (llm/v1/embeddings)',
    );
    expect(result.stdout).toContain('embeddings: 2 vectors of 64 floats');
    expect(result.stdout).toMatch(/^fillmask: "[^"\n]+"$/m);
    expect(result.stdout).toMatch(/^mpt-instruct: "[^"\n]*[a-z][^"\n]*"$/m);
    expect(result.stdout).toMatch(/^openai completions: "[^"\n]*[a-z][^"\n]*"$/m);
    expect(result.stdout).toContain('openai embeddings: 1 vector of 64 floats');
  });

  it('gives the SDK one normalized vector per input, as the model server does', async () => {
    const client = getDeployClient(gateway.address);
    try {
      const texts = ['hello world', 'paris is a city.', 'rivers'];
      const answer = (await client.predict({ endpoint: 'embeddings', inputs: { input: texts } })) as {
        object: string;
        data: { index: number; embedding: number[] }[];
      };
      expect(answer.object).toBe('list');
      expect(answer.data.map((item) => item.index)).toEqual([0, 1, 2]);
      for (const item of answer.data) expect(Math.hypot(...item.embedding)).toBeCloseTo(1, 4);
      const direct = await fetch(`${address('sentence-transformer')}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: texts }),
      });
      const { predictions } = (await direct.json()) as { predictions: number[][] };
      answer.data.forEach((item, index) => {
        item.embedding.forEach((value, position) =>
          expect(value).toBeCloseTo(predictions[index]![position]!, 5),
        );
      });
    } finally {
      await client.close();
    }
  });

  it("answers the fill-mask completions over REST with the model's best token, as MLflow's pyfunc", async () => {
    const prompt = 'the capital of france is [MASK].';
    const direct = await fetch(`${address('fill-mask')}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [prompt] }),
    });
    const { predictions } = (await direct.json()) as { predictions: unknown };
    expect(Array.isArray(predictions)).toBe(true);
    expect((predictions as unknown[]).every((item) => typeof item === 'string')).toBe(true);

    const response = await fetch(`${gateway.address}/endpoints/fillmask/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      object: string;
      model: string;
      choices: { index: number; text: string }[];
    };
    expect(body.object).toBe('text_completion');
    expect(body.model).toBe('fill-mask');
    expect(body.choices[0]!.text).toBe((predictions as string[])[0]);
  });

  it('serves the instruct model through the OpenAI SDK within max_tokens', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.address}/v1`, apiKey: 'unused' });
    const completion = await openai.completions.create({
      model: 'mpt-instruct',
      prompt: 'What is the purpose of an attention mask in a transformers model?',
      max_tokens: 6,
      temperature: 0.1,
    });
    const words = completion.choices[0]!.text.split(/\s+/).filter((word) => /[a-z]/i.test(word));
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(6);
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain('mpt-instruct');
  });

  it('answers 502 at query time for the embeddings model that answers [{"embedding": [...]}]', async () => {
    const response = await fetch(`${gateway.address}/endpoints/embeddings-records/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['hello', 'world'] }),
    });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toContain('"embedding"');
    const openai = new OpenAI({ baseURL: `${gateway.address}/v1`, apiKey: 'unused', maxRetries: 0 });
    await expect(
      openai.embeddings.create({ model: 'embeddings-records', input: ['hello'] }),
    ).rejects.toMatchObject({
      status: 502,
    });
  });
});
