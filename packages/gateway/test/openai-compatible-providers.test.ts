import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeUpstream } from './support/fake-upstream.js';
import { send, sseData } from './support/http-client.js';
import { FAKE_REPLY_WORDS, openAIFakeHandler } from './support/openai-fake-handler.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

/** The vendors built on the OpenAI-compatible base, each against the fake speaking OpenAI's wire format. */
function endpoint(
  name: string,
  type: string,
  provider: string,
  modelName: string,
  config: Record<string, string>,
): string {
  return [
    `  - name: ${name}`,
    `    endpoint_type: ${type}`,
    '    model:',
    `      provider: ${provider}`,
    `      name: ${modelName}`,
    '      config:',
    ...Object.entries(config).map(([key, value]) => `        ${key}: ${value}`),
    '',
  ].join('\n');
}

describe('OpenAI-compatible providers', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.setHandler(openAIFakeHandler);
    const yaml = [
      'endpoints:',
      endpoint('together', 'llm/v1/completions', 'togetherai', 'meta-llama/Llama-3-8b', {
        togetherai_api_key: '$TOGETHER_KEY',
        togetherai_api_base: `${fake.url}/together/v1`,
      }),
      endpoint('groq', 'llm/v1/chat', 'groq', 'llama-3.1-8b-instant', {
        api_key: '$GROQ_KEY',
        api_base: `${fake.url}/openai/v1`,
      }),
      endpoint('groq-completions', 'llm/v1/completions', 'groq', 'x', {
        api_key: '$GROQ_KEY',
        api_base: `${fake.url}/openai/v1`,
      }),
      endpoint('deepseek', 'llm/v1/embeddings', 'deepseek', 'deepseek-embed', {
        api_key: '$GROQ_KEY',
        api_base: `${fake.url}/ds`,
      }),
      endpoint('ollama', 'llm/v1/chat', 'ollama', 'llama3', { api_base: `${fake.url}/v1` }),
      endpoint('vllm', 'llm/v1/chat', 'openai-compatible', 'Qwen/Qwen2.5-7B', {
        api_base: `${fake.url}/vllm/v1`,
      }),
      endpoint('azure-stream', 'llm/v1/chat', 'openai', 'gpt-4o', {
        openai_api_type: 'AzureAD',
        openai_api_key: '$GROQ_KEY',
        openai_api_base: `${fake.url}/`,
        openai_deployment_name: 'dep',
        openai_api_version: '2024-06-01',
      }),
    ].join('\n');
    gateway = await startGateway(yaml, {
      env: { TOGETHER_KEY: 'together-key-0123', GROQ_KEY: 'groq-key-0123456' },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('togetherai: completions with Bearer auth at the configured base', async () => {
    const response = await send(gateway.url, 'POST', '/endpoints/together/invocations', {
      body: { prompt: 'Hi', max_tokens: 3 },
    });
    expect(response.json).toMatchObject({
      object: 'text_completion',
      choices: [{ index: 0, text: FAKE_REPLY_WORDS.join('') }],
    });
    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/together/v1/completions');
    expect(upstream.headers.authorization).toBe('Bearer together-key-0123');
    expect(upstream.body).toEqual({ model: 'meta-llama/Llama-3-8b', prompt: 'Hi', max_tokens: 3 });
  });

  it('groq: chat, streamed without asking for usage; completions are not served (501)', async () => {
    const response = await send(gateway.url, 'POST', '/endpoints/groq/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    expect(fake.lastRequest!.path).toBe('/openai/v1/chat/completions');
    expect(fake.lastRequest!.body).toEqual({
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const text = sseData(response.text)
      .slice(0, -1)
      .map(
        (data) =>
          (JSON.parse(data) as { choices: { delta: { content: string | null } }[] }).choices[0]!.delta
            .content ?? '',
      )
      .join('');
    expect(text).toBe(FAKE_REPLY_WORDS.join(''));
    expect(sseData(response.text).at(-1)).toBe('[DONE]');
    const completions = await send(gateway.url, 'POST', '/endpoints/groq-completions/invocations', {
      body: { prompt: 'x' },
    });
    expect(completions.status).toBe(501);
    expect(completions.json).toEqual({ detail: 'The completions route is not implemented for Groq models.' });
  });

  it('deepseek: embeddings', async () => {
    const response = await send(gateway.url, 'POST', '/v1/embeddings', {
      body: { model: 'deepseek', input: ['a'] },
    });
    expect(response.json).toMatchObject({
      object: 'list',
      data: [{ index: 0, embedding: [0.5, 0.25, -0.125] }],
    });
    expect(fake.lastRequest!.path).toBe('/ds/embeddings');
  });

  it('ollama and a self-hosted server: no auth header without a key', async () => {
    for (const [name, path] of [
      ['ollama', '/v1/chat/completions'],
      ['vllm', '/vllm/v1/chat/completions'],
    ] as const) {
      const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
        body: { model: name, messages: [{ role: 'user', content: 'Hi' }] },
      });
      expect(response.status).toBe(200);
      expect(fake.lastRequest!.path).toBe(path);
      expect(fake.lastRequest!.headers.authorization).toBeUndefined();
    }
  });

  it('Azure AD: deployment URL, Bearer token, no model and no stream_options added', async () => {
    const response = await send(gateway.url, 'POST', '/endpoints/azure-stream/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    expect(response.status).toBe(200);
    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/openai/deployments/dep/chat/completions?api-version=2024-06-01');
    expect(upstream.headers.authorization).toBe('Bearer groq-key-0123456');
    expect(upstream.headers['api-key']).toBeUndefined();
    expect(upstream.body).toEqual({ messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });
});
