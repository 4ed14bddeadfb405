// The seeds' deployments flow end to end through the CLI: models served with `millrace models
// serve`, a gateway started with `millrace deployments start-server --config-path config.yaml`,
// queried with the CLI, REST and the openai SDK; the seed's 502 for an embeddings model that
// answers rows of {"embedding": [...]}, and the start-up check that catches it first.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMillrace, startMillrace, type RunningServer } from './millrace-process.js';

const example = fileURLToPath(new URL('../../../examples/custom-llm/', import.meta.url));
let workspace: string;
const servers: RunningServer[] = [];
let gateway: RunningServer;
let configPath: string;
let llmAddress: string;
const ADMIN_TOKEN = 'test-admin-token-0123456789';

const VECTOR_MODEL = `
export default {
  predict(_context, rows) {
    return rows.map((row) => Array.from({ length: 8 }, (_, index) => ((row.input.length + index) % 5) / 5));
  },
};
`;
const RECORDS_MODEL = `
export default {
  predict(_context, rows) {
    return rows.map((row) => ({ embedding: [row.input.length, 0.5] }));
  },
};
`;

async function saveCustomModel(name: string, code: string, outputs: unknown): Promise<string> {
  const codePath = join(workspace, `${name}.mjs`);
  const signaturePath = join(workspace, `${name}-signature.json`);
  await writeFile(codePath, code);
  await writeFile(
    signaturePath,
    JSON.stringify({ inputs: [{ type: 'string', name: 'input', required: true }], outputs, params: null }),
  );
  const modelPath = join(workspace, name);
  const result = await runMillrace([
    'models',
    'save',
    '--code',
    codePath,
    '--path',
    modelPath,
    '--signature',
    signaturePath,
  ]);
  expect(result.code, result.stderr).toBe(0);
  return modelPath;
}

async function serve(modelPath: string): Promise<string> {
  const server = await startMillrace(['models', 'serve', '-m', modelPath, '-p', '0']);
  servers.push(server);
  return server.address;
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'millrace-gateway-chain-'));
  const llmPath = join(workspace, 'custom-llm');
  const saved = await runMillrace([
    'models',
    'save',
    '--code',
    join(example, 'model.ts'),
    '--path',
    llmPath,
    '--artifact',
    `snapshot=${join(example, 'snapshot')}`,
    '--signature',
    join(example, 'signature.json'),
  ]);
  expect(saved.code, saved.stderr).toBe(0);
  const vectorsPath = await saveCustomModel('vectors', VECTOR_MODEL, [
    { type: 'array', items: { type: 'double' }, required: true },
  ]);
  const recordsPath = await saveCustomModel('records', RECORDS_MODEL, [
    { type: 'array', items: { type: 'double' }, name: 'embedding', required: true },
  ]);
  const [llm, vectors, records] = await Promise.all([serve(llmPath), serve(vectorsPath), serve(recordsPath)]);
  llmAddress = llm;

  configPath = join(workspace, 'config.yaml');
  await writeFile(
    configPath,
    [
      'endpoints:',
      '  - name: completions',
      '    endpoint_type: llm/v1/completions',
      '    model: { provider: mlflow-model-serving, name: custom-llm, config: { model_server_url: ' +
        llm +
        ' } }',
      '  - name: embeddings',
      '    endpoint_type: llm/v1/embeddings',
      '    model: { provider: mlflow-model-serving, name: vectors, config: { model_server_url: ' +
        vectors +
        ' } }',
      '  - name: embeddings-records',
      '    endpoint_type: llm/v1/embeddings',
      '    model: { provider: mlflow-model-serving, name: records, config: { model_server_url: ' +
        records +
        ' } }',
      '',
    ].join('\n'),
  );
  gateway = await startMillrace(['deployments', 'start-server', '--config-path', configPath, '--port', '0'], {
    env: { MILLRACE_GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN },
  });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(servers.map((server) => server.stop()));
  await rm(workspace, { recursive: true, force: true });
});

describe('gateway in front of millrace models serve', () => {
  it('warns at start-up about the embeddings endpoint whose model answers rows', () => {
    const output = gateway.output();
    expect(output).toContain("warning: endpoint 'embeddings-records' (llm/v1/embeddings)");
    expect(output).toContain('needs a list of float vectors');
    expect(output).not.toContain("warning: endpoint 'embeddings' ");
    expect(output).not.toContain("warning: endpoint 'completions'");
  });

  it("answers a completions query from the CLI with the model's text", async () => {
    const result = await runMillrace([
      'deployments',
      'query',
      '--endpoint',
      'completions',
      '--target-uri',
      gateway.address,
      '--data',
      JSON.stringify({ prompt: 'Tell me about rivers', temperature: 0.1, max_tokens: 5 }),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { object: string; model: string; choices: { text: string }[] };
    expect(body.object).toBe('text_completion');
    expect(body.model).toBe('custom-llm');
    const words = body.choices[0]!.text.split(/\s+/).filter((word) => /[a-z]/i.test(word));
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(5);
  });

  it('serves the OpenAI SDK for completions and embeddings', async () => {
    const client = new OpenAI({ baseURL: `${gateway.address}/v1`, apiKey: 'unused' });
    const completion = await client.completions.create({
      model: 'completions',
      prompt: 'What is MLflow?',
      max_tokens: 4,
    });
    expect(completion.choices[0]!.text.length).toBeGreaterThan(0);
    const embeddings = await client.embeddings.create({
      model: 'embeddings',
      input: ['a', 'bcd'],
      encoding_format: 'float',
    });
    expect(embeddings.data.map((item) => item.embedding.length)).toEqual([8, 8]);
    expect(embeddings.data[0]!.embedding).not.toEqual(embeddings.data[1]!.embedding);
  });

  it('answers 502 naming the expected and received shapes for the rows-of-embeddings model', async () => {
    const response = await fetch(`${gateway.address}/endpoints/embeddings-records/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['hello'] }),
    });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toMatch(/expected .*number lists.*, got a list of 1 object .*"embedding"/);
    expect(response.headers.get('x-millrace-gateway-overhead-ms')).toMatch(/^\d+(\.\d+)?$/);
  });

  it('refuses to start with --strict when an endpoint cannot answer its type', async () => {
    const result = await runMillrace([
      'deployments',
      'start-server',
      '--config-path',
      configPath,
      '--port',
      '0',
      '--strict',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to start (--strict)');
  });

  it('reports every config problem with its path and exits non-zero', async () => {
    const broken = join(workspace, 'broken.yaml');
    await writeFile(
      broken,
      'endpoints:\n  - name: x\n    endpoint_type: llm/v1/nonsense\n    model: { provider: openai, config: { openai_api_key: $NOT_SET_ANYWHERE } }\n',
    );
    const result = await runMillrace(['gateway', 'start', '--config-path', broken, '--port', '0']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('endpoints[0].endpoint_type');
    expect(result.stderr).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it("creates an endpoint at run time (the seed's create_route), persists it, and serves it", async () => {
    const created = await fetch(`${gateway.address}/api/2.0/endpoints/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        name: 'completions-runtime',
        endpoint_type: 'llm/v1/completions',
        model: {
          provider: 'mlflow-model-serving',
          name: 'custom-llm',
          config: { model_server_url: llmAddress },
        },
      }),
    });
    expect(created.status).toBe(201);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(configPath, 'utf8')).toContain('completions-runtime');
    const result = await runMillrace([
      'deployments',
      'query',
      '--endpoint',
      'completions-runtime',
      '--target-uri',
      gateway.address,
      '--data',
      JSON.stringify({ prompt: 'What is MLflow?', max_tokens: 3 }),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { choices: unknown[] }).choices).toHaveLength(1);

    const refused = await fetch(`${gateway.address}/api/2.0/endpoints/completions-runtime`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(refused.status).toBe(401);
  });
});
