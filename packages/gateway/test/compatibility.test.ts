import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpointCompatibility, parseGatewayConfig } from '../src/index.js';
import { FakeUpstream, unusedPort } from './support/fake-upstream.js';

/** Scoring servers answering `GET /metadata` like Millrace's (signature in MLflow's JSON form). */
const STRING_OUTPUT_MODEL = {
  flavor: 'custom',
  task: null,
  signature: {
    inputs: [{ type: 'string', required: true }],
    outputs: [{ type: 'string', required: true }],
    params: null,
  },
  streamable: false,
};
const VECTOR_OUTPUT_MODEL = {
  flavor: 'custom',
  task: null,
  signature: {
    inputs: [{ type: 'string', required: true }],
    outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 384] } }],
    params: null,
  },
  streamable: false,
};
/** The seeds' 502 case: a model answering rows `[{"embedding": [...]}]` (a named output column). */
const RECORDS_OUTPUT_MODEL = {
  flavor: 'custom',
  task: null,
  signature: {
    inputs: [{ type: 'string', name: 'input', required: true }],
    outputs: [{ type: 'array', items: { type: 'double' }, name: 'embedding', required: true }],
    params: null,
  },
  streamable: false,
};
const CHAT_TASK_MODEL = { flavor: 'custom', task: 'llm/v1/chat', signature: null, streamable: true };

function endpoint(name: string, type: string, url: string, provider = 'mlflow-model-serving'): string {
  const key = provider === 'mlflow-model-serving' ? 'model_server_url' : 'hf_server_url';
  return `  - name: ${name}\n    endpoint_type: ${type}\n    model:\n      provider: ${provider}\n      config:\n        ${key}: ${url}\n`;
}

describe('checkEndpointCompatibility', () => {
  const servers: Record<string, FakeUpstream> = {};

  beforeAll(async () => {
    for (const [name, metadata] of Object.entries({
      strings: STRING_OUTPUT_MODEL,
      vectors: VECTOR_OUTPUT_MODEL,
      chatTask: CHAT_TASK_MODEL,
      records: RECORDS_OUTPUT_MODEL,
      plainMlflow: undefined,
    })) {
      const server = await FakeUpstream.start();
      server.setHandler((request) =>
        metadata !== undefined && request.path === '/metadata'
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) }
          : {
              status: 404,
              headers: { 'content-type': 'application/json' },
              body: '{"error_code":"ENDPOINT_NOT_FOUND"}',
            },
      );
      servers[name] = server;
    }
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.close();
  });

  it('warns about endpoints whose model cannot answer them, and says which could not be checked', async () => {
    const unreachable = `http://127.0.0.1:${await unusedPort()}`;
    const config = parseGatewayConfig(
      [
        'endpoints:',
        endpoint('completions-ok', 'llm/v1/completions', servers.strings!.url),
        endpoint('embeddings-ok', 'llm/v1/embeddings', servers.vectors!.url),
        endpoint('embeddings-over-strings', 'llm/v1/embeddings', servers.strings!.url),
        endpoint('chat-over-vectors', 'llm/v1/chat', servers.vectors!.url),
        endpoint('chat-task', 'llm/v1/chat', servers.chatTask!.url),
        endpoint('plain-mlflow', 'llm/v1/completions', servers.plainMlflow!.url),
        endpoint('down', 'llm/v1/completions', unreachable),
        endpoint('tgi-chat', 'llm/v1/chat', servers.strings!.url, 'huggingface-text-generation-inference'),
      ].join('\n'),
    );
    const warnings = await checkEndpointCompatibility(config, { timeoutMs: 2000 });
    expect(warnings).toEqual([
      {
        endpoint: 'tgi-chat',
        checked: true,
        message:
          "endpoint 'tgi-chat': provider huggingface-text-generation-inference does not serve llm/v1/chat endpoints; its requests will get 501",
      },
      {
        endpoint: 'embeddings-over-strings',
        checked: true,
        message:
          "endpoint 'embeddings-over-strings' (llm/v1/embeddings): the model's outputs are (string), but an embeddings endpoint needs a list of float vectors",
      },
      {
        endpoint: 'chat-over-vectors',
        checked: true,
        message:
          "endpoint 'chat-over-vectors' (llm/v1/chat): the model's outputs are (tensor float32 [-1,384]), but a llm/v1/chat endpoint needs a list of strings",
      },
      {
        endpoint: 'chat-task',
        checked: true,
        message:
          "endpoint 'chat-task' (llm/v1/chat): the model's task is llm/v1/chat: it takes OpenAI-style request bodies, but the mlflow-model-serving provider sends {\"inputs\": [...]}",
      },
      {
        endpoint: 'chat-task',
        checked: false,
        message:
          "endpoint 'chat-task': the served model has no signature, so its output shape could not be checked",
      },
      {
        endpoint: 'plain-mlflow',
        checked: false,
        message:
          "endpoint 'plain-mlflow': its model server has no /metadata (a plain MLflow scoring server?), so it could not be checked",
      },
      {
        endpoint: 'down',
        checked: false,
        message:
          "endpoint 'down': its model server could not be reached (ECONNREFUSED), so it could not be checked",
      },
    ]);
    expect(
      servers.strings!.requests.every((request) => request.method === 'GET' && request.path === '/metadata'),
    ).toBe(true);
  });

  it('catches an embeddings model that answers rows of {"embedding": [...]} before the first query', async () => {
    const config = parseGatewayConfig(
      ['endpoints:', endpoint('embeddings-over-records', 'llm/v1/embeddings', servers.records!.url)].join(
        '\n',
      ),
    );
    expect(await checkEndpointCompatibility(config, { timeoutMs: 2000 })).toEqual([
      {
        endpoint: 'embeddings-over-records',
        checked: true,
        message:
          "endpoint 'embeddings-over-records' (llm/v1/embeddings): the model's outputs are (embedding: array<double>), but an embeddings endpoint needs a list of float vectors",
      },
    ]);
  });
});
