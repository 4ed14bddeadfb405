import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeUpstream } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import {
  JSON_HEADERS,
  SSE_HEADERS,
  dataEvents,
  endpointYaml,
  gatewayYaml,
  streamChunks,
} from './support/endpoint-yaml.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

/**
 * `databricks-model-serving` (the provider of MLflow's `create_route` seed): a Databricks workspace's
 * serving endpoints, faked with the answers Databricks Model Serving gives for a custom pyfunc model
 * (the seed's MPT-7B wrapper: columns prompt/temperature/max_tokens, a string out) and for
 * OpenAI-style chat and embeddings endpoints.
 */
const TOKEN = 'dapi0123456789abcdef0123456789abcdef';

describe('databricks-model-serving provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const config = { databricks_workspace_url: `${fake.url}/`, databricks_api_token: '$DATABRICKS_TOKEN' };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml(
          'completions-mpt-7b-instruct',
          'llm/v1/completions',
          'databricks-model-serving',
          'mpt-7b-instruct',
          config,
        ),
        endpointYaml(
          'chat',
          'llm/v1/chat',
          'databricks-model-serving',
          'databricks-meta-llama-3-3-70b-instruct',
          config,
        ),
        endpointYaml(
          'embeddings',
          'llm/v1/embeddings',
          'databricks-model-serving',
          'databricks-gte-large-en',
          config,
        ),
      ),
      { env: { DATABRICKS_TOKEN: TOKEN } },
    );
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it("queries the seed's completions route: the query as an unwrapped body, the model's string back", async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify('MLflow is an open source machine learning platform.'),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/completions-mpt-7b-instruct/invocations', {
      body: { prompt: 'What is MLflow?', temperature: 0.3, max_tokens: 200 },
    });
    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/serving-endpoints/mpt-7b-instruct/invocations');
    expect(upstream.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upstream.body).toEqual({ prompt: 'What is MLflow?', temperature: 0.3, max_tokens: 200 });
    expect(response.json).toEqual({
      id: null,
      object: 'text_completion',
      created: expect.any(Number),
      model: 'mpt-7b-instruct',
      choices: [
        { index: 0, text: 'MLflow is an open source machine learning platform.', finish_reason: null },
      ],
      usage: { prompt_tokens: null, completion_tokens: null, total_tokens: null },
    });

    for (const body of [
      { predictions: ['A', 'B'] },
      ['A', 'B'],
      { predictions: { candidates: ['A', 'B'] } },
    ]) {
      fake.enqueue({ status: 200, headers: JSON_HEADERS, body: JSON.stringify(body) });
      const other = await send(gateway.url, 'POST', '/endpoints/completions-mpt-7b-instruct/invocations', {
        body: { prompt: 'x' },
      });
      expect((other.json as { choices: { text: string }[] }).choices.map((choice) => choice.text)).toEqual([
        'A',
        'B',
      ]);
    }
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify([
        {
          id: 'cmpl-1',
          object: 'text_completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, text: 'T', finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        },
      ]),
    });
    const openAIShaped = await send(
      gateway.url,
      'POST',
      '/endpoints/completions-mpt-7b-instruct/invocations',
      {
        body: { prompt: 'x' },
      },
    );
    expect(openAIShaped.json).toMatchObject({
      id: 'cmpl-1',
      choices: [{ text: 'T', finish_reason: 'stop' }],
      usage: { total_tokens: 2 },
    });
  });

  it('chat with an OpenAI-style serving endpoint, plain and streamed', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'chatcmpl_8e9b5d6a-7c44-4a8f-9a0b-1c2d3e4f5a6b',
        object: 'chat.completion',
        created: 1733177423,
        model: 'meta-llama-3.3-70b-instruct-121024',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello!' },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 },
    });
    expect(fake.lastRequest!.path).toBe(
      '/serving-endpoints/databricks-meta-llama-3-3-70b-instruct/invocations',
    );
    expect(fake.lastRequest!.body).toEqual({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 });
    expect(response.json).toMatchObject({
      object: 'chat.completion',
      model: 'meta-llama-3.3-70b-instruct-121024',
      choices: [{ message: { content: 'Hello!' }, finish_reason: 'stop' }],
      usage: { total_tokens: 15 },
    });

    const base = {
      id: 'chatcmpl_1',
      object: 'chat.completion.chunk',
      created: 1733177423,
      model: 'meta-llama',
    };
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: [
        ...dataEvents([
          {
            ...base,
            choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }],
          },
          {
            ...base,
            choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
          },
        ]),
        'data: [DONE]',
        '',
      ],
    });
    const streamed = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    expect(fake.lastRequest!.body).toEqual({ messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks = streamChunks(streamed.text);
    expect(
      chunks.map((chunk) => (chunk.choices as { delta: { content: string } }[])[0]!.delta.content).join(''),
    ).toBe('Hello');
    expect(chunks.at(-1)).toMatchObject({ usage: { total_tokens: 7 } });

    const model = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], model: 'other' },
    });
    expect(model.status).toBe(422);
  });

  it('embeddings: OpenAI-shaped and scoring-protocol answers', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        object: 'list',
        model: 'gte-large-en',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        usage: { prompt_tokens: 3, total_tokens: 3 },
      }),
    });
    const openAIShaped = await send(gateway.url, 'POST', '/v1/embeddings', {
      body: { model: 'embeddings', input: 'hi' },
    });
    expect(fake.lastRequest!.body).toEqual({ input: 'hi' });
    expect(openAIShaped.json).toMatchObject({
      data: [{ embedding: [0.1, 0.2] }],
      usage: { prompt_tokens: 3 },
    });
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        predictions: [
          [1.5, 2.5],
          [3.5, 4.5],
        ],
      }),
    });
    const predictions = await send(gateway.url, 'POST', '/endpoints/embeddings/invocations', {
      body: { input: ['a', 'b'] },
    });
    expect(predictions.json).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', embedding: [1.5, 2.5], index: 0 },
        { object: 'embedding', embedding: [3.5, 4.5], index: 1 },
      ],
      model: 'databricks-gte-large-en',
      usage: { prompt_tokens: null, total_tokens: null },
    });
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ predictions: 'not vectors' }),
    });
    const bad = await send(gateway.url, 'POST', '/endpoints/embeddings/invocations', {
      body: { input: 'a' },
    });
    expect(bad.status).toBe(502);
  });

  it("relays the serving endpoint's errors", async () => {
    fake.enqueue({
      status: 403,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        error_code: 'PERMISSION_DENIED',
        message: 'User does not have permission to query the endpoint.',
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect([response.status, response.json]).toEqual([
      403,
      {
        detail: {
          error_code: 'PERMISSION_DENIED',
          message: 'User does not have permission to query the endpoint.',
        },
      },
    ]);
  });
});
