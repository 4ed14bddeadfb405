import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeUpstream } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import {
  JSON_HEADERS,
  SSE_HEADERS,
  endpointYaml,
  gatewayYaml,
  namedEvents,
  streamChunks,
} from './support/endpoint-yaml.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

/** Cohere's v2 API behind the gateway, against a fake speaking Cohere's wire format. */
const KEY = 'co-test-key-0123456789abcdef';
const MODEL = 'command-r-plus-08-2024';

describe('cohere provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const config = { cohere_api_key: '$COHERE_API_KEY', cohere_api_base: `${fake.url}/v2` };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml('command', 'llm/v1/chat', 'cohere', MODEL, config),
        endpointYaml('command-text', 'llm/v1/completions', 'cohere', MODEL, config),
        endpointYaml('embed', 'llm/v1/embeddings', 'cohere', 'embed-english-v3.0', config),
      ),
      { env: { COHERE_API_KEY: KEY } },
    );
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('sends a v2 chat body and maps the answer, tool calls and usage', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
        finish_reason: 'TOOL_CALL',
        message: {
          role: 'assistant',
          tool_plan: 'I will look up the weather.',
          tool_calls: [
            {
              id: 'get_weather_1byjy32y4hvq',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"location":"Toronto"}' },
            },
          ],
        },
        usage: {
          billed_units: { input_tokens: 37, output_tokens: 21 },
          tokens: { input_tokens: 913, output_tokens: 54 },
        },
      }),
    });
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { location: { type: 'string' } } },
        },
      },
    ];
    const response = await send(gateway.url, 'POST', '/endpoints/command/invocations', {
      body: {
        messages: [
          { role: 'developer', content: 'You are helpful.' },
          { role: 'user', content: 'Weather in Toronto?', name: 'sam' },
        ],
        temperature: 0.3,
        top_p: 0.75,
        top_k: 10,
        stop: ['###'],
        max_completion_tokens: 200,
        tools,
        tool_choice: 'required',
        response_format: { type: 'json_object' },
        seed: 42,
        user: 'u-1',
      },
    });
    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/v2/chat');
    expect(upstream.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(upstream.body).toEqual({
      temperature: 0.3,
      tools,
      seed: 42,
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Weather in Toronto?', name: 'sam' },
      ],
      max_tokens: 200,
      stop_sequences: ['###'],
      p: 0.75,
      k: 10,
      tool_choice: 'REQUIRED',
      response_format: { type: 'json_object' },
      stream: false,
    });
    expect(response.json).toEqual({
      id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
      object: 'chat.completion',
      created: expect.any(Number),
      model: MODEL,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'get_weather_1byjy32y4hvq',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"location":"Toronto"}' },
              },
            ],
            refusal: null,
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 913, completion_tokens: 54, total_tokens: 967 },
    });
  });

  it('streams v2 chat events, tool calls included', async () => {
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: namedEvents([
        [
          'message-start',
          {
            type: 'message-start',
            id: '29f14a5a-11de-4cae-9800-25e4747408ea',
            delta: {
              message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] },
            },
          },
        ],
        [
          'content-start',
          { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
        ],
        [
          'content-delta',
          { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Let me' } } } },
        ],
        [
          'content-delta',
          { type: 'content-delta', index: 0, delta: { message: { content: { text: ' check.' } } } },
        ],
        ['content-end', { type: 'content-end', index: 0 }],
        [
          'tool-plan-delta',
          { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will call get_weather' } } },
        ],
        [
          'tool-call-start',
          {
            type: 'tool-call-start',
            index: 0,
            delta: {
              message: {
                tool_calls: {
                  id: 'get_weather_nsz5zm3w56q3',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '' },
                },
              },
            },
          },
        ],
        [
          'tool-call-delta',
          {
            type: 'tool-call-delta',
            index: 0,
            delta: { message: { tool_calls: { function: { arguments: '{"location":' } } } },
          },
        ],
        [
          'tool-call-delta',
          {
            type: 'tool-call-delta',
            index: 0,
            delta: { message: { tool_calls: { function: { arguments: '"Toronto"}' } } } },
          },
        ],
        ['tool-call-end', { type: 'tool-call-end', index: 0 }],
        [
          'message-end',
          {
            type: 'message-end',
            delta: {
              finish_reason: 'TOOL_CALL',
              usage: {
                billed_units: { input_tokens: 37, output_tokens: 28 },
                tokens: { input_tokens: 1022, output_tokens: 28 },
              },
            },
          },
        ],
      ]),
    });
    const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'command', messages: [{ role: 'user', content: 'Weather?' }], stream: true },
    });
    expect(fake.lastRequest!.headers.accept).toBe('text/event-stream');
    expect(fake.lastRequest!.body).toMatchObject({ stream: true });
    const chunks = streamChunks(response.text);
    const deltas = chunks.map((chunk) => (chunk.choices as { delta: Record<string, unknown> }[])[0]!.delta);
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Let me check.');
    expect(deltas.flatMap((delta) => (delta.tool_calls as unknown[] | null) ?? [])).toEqual([
      {
        index: 0,
        id: 'get_weather_nsz5zm3w56q3',
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
      { index: 0, id: null, type: null, function: { name: null, arguments: '{"location":' } },
      { index: 0, id: null, type: null, function: { name: null, arguments: '"Toronto"}' } },
    ]);
    expect(chunks[0]).toMatchObject({ id: '29f14a5a-11de-4cae-9800-25e4747408ea' });
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 1022, completion_tokens: 28, total_tokens: 1050 },
    });
  });

  it('serves completions through chat and maps the finish reasons', async () => {
    const cases: [string, string][] = [
      ['COMPLETE', 'stop'],
      ['STOP_SEQUENCE', 'stop'],
      ['MAX_TOKENS', 'length'],
      ['ERROR', 'error'],
    ];
    for (const [reason, expected] of cases) {
      fake.enqueue({
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify({
          id: 'gen-1',
          finish_reason: reason,
          message: { role: 'assistant', content: [{ type: 'text', text: 'Ottawa.' }] },
          usage: { billed_units: { input_tokens: 5, output_tokens: 2 } },
        }),
      });
      const response = await send(gateway.url, 'POST', '/endpoints/command-text/invocations', {
        body: { prompt: 'Capital of Canada?' },
      });
      expect(fake.lastRequest!.body).toEqual({
        model: MODEL,
        messages: [{ role: 'user', content: 'Capital of Canada?' }],
        stream: false,
      });
      expect(response.json).toEqual({
        id: 'gen-1',
        object: 'text_completion',
        created: expect.any(Number),
        model: MODEL,
        choices: [{ index: 0, text: 'Ottawa.', finish_reason: expected }],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      });
    }
  });

  it('embeds with /v2/embed (float embeddings, an input type by default)', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'emb-1',
        embeddings: {
          float: [
            [0.016296387, -0.008354187],
            [0.0263, 0.0125],
          ],
        },
        texts: ['hello', 'goodbye'],
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: 2 } },
        response_type: 'embeddings_by_type',
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/embed/invocations', {
      body: { input: ['hello', 'goodbye'], input_type: 'search_query' },
    });
    expect(fake.lastRequest!.path).toBe('/v2/embed');
    expect(fake.lastRequest!.body).toEqual({
      input_type: 'search_query',
      model: 'embed-english-v3.0',
      texts: ['hello', 'goodbye'],
      embedding_types: ['float'],
    });
    expect(response.json).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', embedding: [0.016296387, -0.008354187], index: 0 },
        { object: 'embedding', embedding: [0.0263, 0.0125], index: 1 },
      ],
      model: 'embed-english-v3.0',
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ embeddings: { float: [[1]] }, meta: {} }),
    });
    await send(gateway.url, 'POST', '/endpoints/embed/invocations', { body: { input: 'one' } });
    expect(fake.lastRequest!.body).toMatchObject({ input_type: 'search_document', texts: ['one'] });
  });

  it("refuses Cohere's own names (400) and token arrays; relays Cohere errors", async () => {
    for (const [field, native] of [
      ['stop', 'stop_sequences'],
      ['top_p', 'p'],
      ['top_k', 'k'],
    ] as const) {
      const response = await send(gateway.url, 'POST', '/endpoints/command/invocations', {
        body: { messages: [{ role: 'user', content: 'Hi' }], [native]: 1 },
      });
      expect([response.status, response.json]).toEqual([
        400,
        { detail: `Invalid parameter ${native}. Use ${field} instead.` },
      ]);
    }
    const tokens = await send(gateway.url, 'POST', '/endpoints/embed/invocations', {
      body: { input: [[1, 2, 3]] },
    });
    expect(tokens.status).toBe(422);
    const forced = await send(gateway.url, 'POST', '/endpoints/command/invocations', {
      body: {
        messages: [{ role: 'user', content: 'Hi' }],
        tool_choice: { type: 'function', function: { name: 'f' } },
      },
    });
    expect(forced.status).toBe(422);
    expect(fake.requests).toHaveLength(0);

    fake.enqueue({
      status: 429,
      headers: { ...JSON_HEADERS, 'retry-after': '3' },
      body: JSON.stringify({ message: 'trial token rate limit exceeded' }),
    });
    const limited = await send(gateway.url, 'POST', '/endpoints/command/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json).toEqual({ detail: { message: 'trial token rate limit exceeded' } });
  });
});
