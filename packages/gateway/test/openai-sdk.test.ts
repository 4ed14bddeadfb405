import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_REPLY_WORDS, openAIFakeHandler } from './support/openai-fake-handler.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

/** The official `openai` SDK, pointed at the gateway's `/v1`, for every OpenAI-compatible route. */
const KEY = 'sk-sdk-test-key-0123456789';

function config(fakeUrl: string): string {
  const model = (name: string) =>
    `    model:\n      provider: openai\n      name: ${name}\n      config:\n        openai_api_key: $OPENAI_API_KEY\n        openai_api_base: ${fakeUrl}/v1\n`;
  return [
    'endpoints:',
    '  - name: chat',
    '    endpoint_type: llm/v1/chat',
    model('gpt-4o-mini'),
    '  - name: completions',
    '    endpoint_type: llm/v1/completions',
    model('gpt-3.5-turbo-instruct'),
    '  - name: embeddings',
    '    endpoint_type: llm/v1/embeddings',
    model('text-embedding-3-small'),
    '  - name: limited',
    '    endpoint_type: llm/v1/chat',
    model('gpt-4o-mini'),
    '    limit:',
    '      calls: 1',
    '      renewal_period: minute',
  ].join('\n');
}

describe('OpenAI SDK against the gateway', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.setHandler(openAIFakeHandler);
    gateway = await startGateway(config(fake.url), { env: { OPENAI_API_KEY: KEY } });
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-side-key-unused', maxRetries: 0 });
  });

  afterAll(async () => {
    await gateway?.close();
    await fake?.close();
  });

  it('chat completions', async () => {
    const completion = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hi', name: 'alice' }],
    });
    expect(completion.choices[0]!.message.content).toBe(FAKE_REPLY_WORDS.join(''));
    expect(completion.usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    const upstream = fake.lastRequest!;
    expect(upstream.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(upstream.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi', name: 'alice' }],
    });
  });

  it('streamed chat completions, ending cleanly', async () => {
    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    let text = '';
    let finishReason: string | null = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
    expect(text).toBe(FAKE_REPLY_WORDS.join(''));
    expect(finishReason).toBe('stop');
    expect(chunks).toBe(FAKE_REPLY_WORDS.length + 2);
    expect(fake.lastRequest!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streamed chat with include_usage gets the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: unknown;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
  });

  it('completions, plain and streamed', async () => {
    const completion = await client.completions.create({ model: 'completions', prompt: 'Say hi' });
    expect(completion.choices[0]!.text).toBe(FAKE_REPLY_WORDS.join(''));
    const stream = await client.completions.create({ model: 'completions', prompt: 'Say hi', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe(FAKE_REPLY_WORDS.join(''));
  });

  it('embeddings (the SDK asks for base64 and decodes it)', async () => {
    const response = await client.embeddings.create({ model: 'embeddings', input: ['a', 'b'] });
    expect(response.data.map((item) => item.embedding)).toEqual([
      [0.5, 0.25, -0.125],
      [1.5, 0.25, -0.125],
    ]);
    expect(fake.lastRequest!.body).toMatchObject({
      model: 'text-embedding-3-small',
      encoding_format: 'base64',
    });
    const floats = await client.embeddings.create({
      model: 'embeddings',
      input: 'a',
      encoding_format: 'float',
    });
    expect(floats.data[0]!.embedding).toEqual([0.5, 0.25, -0.125]);
  });

  it('lists the endpoints as models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => [model.id, model.owned_by])).toEqual([
      ['chat', 'openai'],
      ['completions', 'openai'],
      ['embeddings', 'openai'],
      ['limited', 'openai'],
    ]);
  });

  it('raises NotFoundError with a readable message for an unknown model', async () => {
    const error = await client.chat.completions
      .create({ model: 'nope', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toBe(
      "404 The endpoint 'nope' is not present or active on the server. Please verify the endpoint name.",
    );
  });

  it('raises BadRequestError for an endpoint of another type', async () => {
    const error = await client.completions
      .create({ model: 'chat', prompt: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toBe("400 Endpoint 'chat' is not a completions endpoint.");
  });

  it('raises RateLimitError once the endpoint limit is used up', async () => {
    await client.chat.completions.create({ model: 'limited', messages: [{ role: 'user', content: 'Hi' }] });
    const error = await client.chat.completions
      .create({ model: 'limited', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toBe('429 Rate limit exceeded: 1 per 1 minute');
    expect(
      Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')),
    ).toBeGreaterThan(0);
  });

  it('raises an APIError when the upstream fails after the stream began', async () => {
    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      sse: [
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] })}`,
        '',
      ],
      streamCut: true,
    });
    const stream = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((failure: unknown) => failure);
    expect(received).toEqual(['partial']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toBe(
      "The connection to the upstream of endpoint 'chat' failed (UND_ERR_SOCKET).",
    );
  });
});
