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

/** Mistral's OpenAI-compatible API; completions go through `/chat/completions`. */
const KEY = 'mistral-test-key-0123456789';

function chatAnswer(content: string): string {
  return JSON.stringify({
    id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
    object: 'chat.completion',
    created: 1702256327,
    model: 'mistral-small-latest',
    choices: [{ index: 0, message: { role: 'assistant', content, tool_calls: null }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
  });
}

describe('mistral provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const config = { mistral_api_key: '$MISTRAL_API_KEY', mistral_api_base: `${fake.url}/v1` };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml('mistral-chat', 'llm/v1/chat', 'mistral', 'mistral-small-latest', config),
        endpointYaml('mistral-text', 'llm/v1/completions', 'mistral', 'mistral-small-latest', config),
        endpointYaml('mistral-embed', 'llm/v1/embeddings', 'mistral', 'mistral-embed', config),
      ),
      { env: { MISTRAL_API_KEY: KEY } },
    );
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('chat: OpenAI wire format with Bearer auth, temperature as sent', async () => {
    fake.enqueue({ status: 200, headers: JSON_HEADERS, body: chatAnswer('Bonjour') });
    const response = await send(gateway.url, 'POST', '/endpoints/mistral-chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Salut' }], temperature: 0.7, random_seed: 3 },
    });
    expect(fake.lastRequest!.path).toBe('/v1/chat/completions');
    expect(fake.lastRequest!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.lastRequest!.body).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'Salut' }],
      temperature: 0.7,
      random_seed: 3,
    });
    expect(response.json).toMatchObject({
      choices: [{ message: { content: 'Bonjour' } }],
      usage: { total_tokens: 50 },
    });
  });

  it('completions through /chat/completions, plain and streamed', async () => {
    fake.enqueue({ status: 200, headers: JSON_HEADERS, body: chatAnswer('Paris') });
    const response = await send(gateway.url, 'POST', '/endpoints/mistral-text/invocations', {
      body: { prompt: 'Capital of France?', max_tokens: 5 },
    });
    expect(fake.lastRequest!.path).toBe('/v1/chat/completions');
    expect(fake.lastRequest!.body).toEqual({
      model: 'mistral-small-latest',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(response.json).toMatchObject({
      object: 'text_completion',
      choices: [{ index: 0, text: 'Paris', finish_reason: 'stop' }],
      usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
    });

    const base = {
      id: 'cmpl-1',
      object: 'chat.completion.chunk',
      created: 1702256327,
      model: 'mistral-small-latest',
    };
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: [
        ...dataEvents([
          {
            ...base,
            choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
          },
          { ...base, choices: [{ index: 0, delta: { content: 'Par' }, finish_reason: null }] },
          {
            ...base,
            choices: [{ index: 0, delta: { content: 'is' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
          },
        ]),
        'data: [DONE]',
        '',
      ],
    });
    const streamed = await send(gateway.url, 'POST', '/endpoints/mistral-text/invocations', {
      body: { prompt: 'Capital of France?', stream: true },
    });
    const chunks = streamChunks(streamed.text);
    expect(chunks.every((chunk) => chunk.object === 'text_completion_chunk')).toBe(true);
    expect(chunks.map((chunk) => (chunk.choices as { text: string }[])[0]!.text).join('')).toBe('Paris');
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'stop' }],
      usage: { total_tokens: 11 },
    });
  });

  it('embeddings at /embeddings', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'embd-1',
        object: 'list',
        data: [{ object: 'embedding', embedding: [-0.0165, 0.0712], index: 0 }],
        model: 'mistral-embed',
        usage: { prompt_tokens: 6, total_tokens: 6, completion_tokens: 0 },
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/mistral-embed/invocations', {
      body: { input: ['Embed this'] },
    });
    expect(fake.lastRequest!.path).toBe('/v1/embeddings');
    expect(fake.lastRequest!.body).toEqual({ model: 'mistral-embed', input: ['Embed this'] });
    expect(response.json).toMatchObject({
      data: [{ embedding: [-0.0165, 0.0712], index: 0 }],
      usage: { prompt_tokens: 6, total_tokens: 6 },
    });
  });
});
