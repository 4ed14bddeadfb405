import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayConfigError, parseGatewayConfig } from '../src/index.js';
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

/** Anthropic's Messages API behind the gateway, against a fake speaking Anthropic's wire format. */
const KEY = 'sk-ant-api03-test-key-0123456789';
const MODEL = 'claude-3-5-sonnet-20241022';

function message(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: MODEL,
    content: [{ type: 'text', text: 'Hello!' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 6 },
    ...overrides,
  });
}

async function completionTokens(running: RunningGateway): Promise<number> {
  const metrics = await running.gateway.metricsRegistry.metrics();
  const line = metrics
    .split('\n')
    .find((entry) =>
      entry.startsWith(
        'millrace_gateway_tokens_total{endpoint="claude",provider="anthropic",kind="completion"}',
      ),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('anthropic provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const config = { anthropic_api_key: '$ANTHROPIC_API_KEY', anthropic_api_base: `${fake.url}/v1` };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml('claude', 'llm/v1/chat', 'anthropic', MODEL, config),
        endpointYaml('claude-text', 'llm/v1/completions', 'Anthropic', MODEL, {
          ...config,
          anthropic_version: '"2024-01-01"',
        }),
      ),
      { env: { ANTHROPIC_API_KEY: KEY } },
    );
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('translates a chat request: system prompt, tool calls and results, images, stop, temperature, tools', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: message({
        content: [
          { type: 'text', text: 'Let me check tomorrow.' },
          {
            type: 'tool_use',
            id: 'toolu_02',
            name: 'get_weather',
            input: { city: 'Paris', day: 'tomorrow' },
          },
        ],
        stop_reason: 'tool_use',
        usage: {
          input_tokens: 472,
          output_tokens: 91,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 8,
        },
      }),
    });
    const weatherTool = {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'The weather of a city',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string', minLength: 1 } },
          required: ['city'],
        },
      },
    };
    const response = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: {
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'toolu_01',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'toolu_01', content: '{"temperature": 21}' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'And tomorrow?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/map.jpg' } },
            ],
          },
        ],
        temperature: 1.0,
        stop: ['END'],
        tools: [weatherTool],
        tool_choice: 'required',
        top_k: 5,
        user: 'user-42',
      },
    });

    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/v1/messages');
    expect(upstream.headers['x-api-key']).toBe(KEY);
    expect(upstream.headers['anthropic-version']).toBe('2023-06-01');
    expect(upstream.headers.authorization).toBeUndefined();
    expect(upstream.body).toEqual({
      top_k: 5,
      metadata: { user_id: 'user-42' },
      model: MODEL,
      max_tokens: 8192,
      system: 'You are terse.\nAnswer in French.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '{"temperature": 21}' },
            { type: 'text', text: 'And tomorrow?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/map.jpg' } },
          ],
        },
      ],
      stop_sequences: ['END'],
      temperature: 0.5,
      tools: [
        {
          name: 'get_weather',
          description: 'The weather of a city',
          input_schema: weatherTool.function.parameters,
        },
      ],
      tool_choice: { type: 'any' },
    });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      created: expect.any(Number),
      model: MODEL,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check tomorrow.',
            tool_calls: [
              {
                id: 'toolu_02',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris","day":"tomorrow"}' },
              },
            ],
            refusal: null,
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 580, completion_tokens: 91, total_tokens: 671 },
    });
  });

  it('maps the stop reasons end_turn, max_tokens and stop_sequence, and sends max_tokens when given', async () => {
    const cases: [string, string][] = [
      ['end_turn', 'stop'],
      ['max_tokens', 'length'],
      ['stop_sequence', 'stop'],
      ['refusal', 'content_filter'],
    ];
    for (const [stopReason, finishReason] of cases) {
      fake.enqueue({ status: 200, headers: JSON_HEADERS, body: message({ stop_reason: stopReason }) });
      const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
        body: { model: 'claude', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 50 },
      });
      expect((response.json as { choices: { finish_reason: string }[] }).choices[0]!.finish_reason).toBe(
        finishReason,
      );
      expect(fake.lastRequest!.body).toEqual({
        model: MODEL,
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      });
    }
  });

  it('streams a tool call with the official OpenAI SDK, ending with the finish reason and usage', async () => {
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: namedEvents([
        [
          'message_start',
          {
            type: 'message_start',
            message: {
              id: 'msg_014p7gG3wDgGV9EUtLvnow3U',
              type: 'message',
              role: 'assistant',
              model: MODEL,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 472, output_tokens: 2 },
            },
          },
        ],
        [
          'content_block_start',
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        ],
        ['ping', { type: 'ping' }],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Okay' } },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ', checking.' } },
        ],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        [
          'content_block_start',
          {
            type: 'content_block_start',
            index: 1,
            content_block: {
              type: 'tool_use',
              id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
              name: 'get_weather',
              input: {},
            },
          },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
        ],
        [
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: 1,
            delta: { type: 'input_json_delta', partial_json: '{"location":' },
          },
        ],
        [
          'content_block_delta',
          {
            type: 'content_block_delta',
            index: 1,
            delta: { type: 'input_json_delta', partial_json: ' "Paris"}' },
          },
        ],
        ['content_block_stop', { type: 'content_block_stop', index: 1 }],
        [
          'message_delta',
          {
            type: 'message_delta',
            delta: { stop_reason: 'tool_use', stop_sequence: null },
            usage: { output_tokens: 89 },
          },
        ],
        ['message_stop', { type: 'message_stop' }],
      ]),
    });
    const completionTokensBefore = await completionTokens(gateway);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      stream: true,
    });
    let text = '';
    const calls: { id?: string; name?: string; arguments: string }[] = [];
    let finishReason: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      const choice = chunk.choices[0]!;
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { arguments: '' });
        if (call.id) entry.id = call.id;
        if (call.function?.name) entry.name = call.function.name;
        entry.arguments += call.function?.arguments ?? '';
      }
      finishReason = choice.finish_reason ?? finishReason;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Okay, checking.');
    expect(calls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "Paris"}' },
    ]);
    expect(finishReason).toBe('tool_calls');
    expect(usage).toEqual({ prompt_tokens: 472, completion_tokens: 89, total_tokens: 561 });
    expect(fake.lastRequest!.body).toMatchObject({ model: MODEL, stream: true, max_tokens: 8192 });
    expect((await completionTokens(gateway)) - completionTokensBefore).toBe(89);
  });

  it('serves completions through the Messages API, plain and streamed, with its own anthropic_version', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: message({ content: [{ type: 'text', text: 'Paris.' }] }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/claude-text/invocations', {
      body: { prompt: 'Capital of France?', max_tokens: 10 },
    });
    expect(fake.lastRequest!.path).toBe('/v1/messages');
    expect(fake.lastRequest!.headers['anthropic-version']).toBe('2024-01-01');
    expect(fake.lastRequest!.body).toEqual({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of France?' }] }],
    });
    expect(response.json).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'text_completion',
      created: expect.any(Number),
      model: MODEL,
      choices: [{ index: 0, text: 'Paris.', finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 },
    });

    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: namedEvents([
        [
          'message_start',
          {
            type: 'message_start',
            message: { id: 'msg_2', model: MODEL, usage: { input_tokens: 5, output_tokens: 1 } },
          },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Par' } },
        ],
        [
          'content_block_delta',
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'is.' } },
        ],
        [
          'message_delta',
          { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 2 } },
        ],
        ['message_stop', { type: 'message_stop' }],
      ]),
    });
    const streamed = await send(gateway.url, 'POST', '/endpoints/claude-text/invocations', {
      body: { prompt: 'Capital of France?', stream: true },
    });
    const chunks = streamChunks(streamed.text);
    expect(chunks.every((chunk) => chunk.object === 'text_completion_chunk')).toBe(true);
    expect(chunks.map((chunk) => (chunk.choices as { text: string }[])[0]!.text).join('')).toBe('Paris.');
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'length' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(streamed.text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('refuses what Anthropic cannot take, before calling it', async () => {
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ n: 2 }, 422, "'n' must be '1' for the Anthropic provider. Received value: '2'."],
      [{ temperature: 0.5, top_p: 0.9 }, 422, "Cannot set both 'temperature' and 'top_p' parameters."],
      [{ stop_sequences: ['x'] }, 422, 'Invalid parameter stop_sequences. Use stop instead.'],
      [
        { model: 'claude-3-opus' },
        422,
        "The parameter 'model' is not permitted to be passed. The route being queried already defines a model instance.",
      ],
      [
        { response_format: { type: 'json_object' } },
        422,
        'Anthropic has no JSON mode without a schema: use response_format {"type": "json_schema", …}.',
      ],
      [
        { tools: [{ type: 'uc_function', uc_function: { name: 'a.b.c' } }] },
        422,
        'Anthropic only takes function tools, got a tool of type "uc_function".',
      ],
    ];
    for (const [extra, status, detail] of refusals) {
      const response = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
        body: { messages: [{ role: 'user', content: 'Hi' }], ...extra },
      });
      expect([response.status, response.json]).toEqual([status, { detail }]);
    }
    const badArguments = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: {
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }],
          },
        ],
      },
    });
    expect(badArguments.json).toEqual({
      detail: 'messages[1].tool_calls[0].function.arguments must be a JSON object (as text).',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("relays Anthropic's errors with their status and message, without the key", async () => {
    fake.enqueue({
      status: 401,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        type: 'error',
        error: { type: 'authentication_error', message: `invalid x-api-key ${KEY}` },
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ detail: 'invalid x-api-key [REDACTED]' });

    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: namedEvents([
        [
          'message_start',
          { type: 'message_start', message: { id: 'msg_3', model: MODEL, usage: { input_tokens: 5 } } },
        ],
        ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
      ]),
    });
    const stream = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'claude', messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    expect(streamChunks(stream.text).at(-1)).toEqual({
      error: {
        message: 'The upstream reported an error mid-stream: Overloaded',
        type: 'server_error',
        code: 'TEMPORARILY_UNAVAILABLE',
        param: null,
      },
    });
  });

  it('makes an embeddings endpoint and a missing model name config errors', () => {
    const yaml = gatewayYaml(
      endpointYaml('claude-embed', 'llm/v1/embeddings', 'anthropic', MODEL, {
        anthropic_api_key: 'literal-key',
      }),
      endpointYaml('claude-nameless', 'llm/v1/chat', 'anthropic', null, { anthropic_api_key: 'literal-key' }),
    );
    let error: unknown;
    try {
      parseGatewayConfig(yaml, { env: {} });
    } catch (caught) {
      error = caught;
    }
    expect(GatewayConfigError.isGatewayConfigError(error)).toBe(true);
    expect((error as GatewayConfigError).problems).toEqual([
      {
        path: 'endpoints[0].endpoint_type',
        message:
          'provider anthropic does not serve llm/v1/embeddings (Anthropic has no embeddings API); it serves llm/v1/chat, llm/v1/completions',
      },
      {
        path: 'endpoints[1].model.name',
        message: 'is required for provider anthropic (the Claude model id)',
      },
    ]);
  });
});
