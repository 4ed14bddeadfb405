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

/** Google's Gemini API behind the gateway, against a fake speaking Gemini's wire format. */
const KEY = 'AIzaSyTestKey0123456789abcdefghijklmn';

function candidateAnswer(
  parts: unknown[],
  finishReason: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    candidates: [
      {
        content: { parts, role: 'model' },
        finishReason,
        index: 0,
        safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
      },
    ],
    usageMetadata: { promptTokenCount: 11, candidatesTokenCount: 7, totalTokenCount: 18 },
    modelVersion: 'gemini-2.0-flash-001',
    responseId: 'resp-gemini-1',
    ...extra,
  });
}

describe('gemini provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    const config = { gemini_api_key: '$GEMINI_API_KEY', gemini_api_base: `${fake.url}/v1beta` };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml('gemini-chat', 'llm/v1/chat', 'gemini', 'gemini-2.0-flash', config),
        endpointYaml('gemini-text', 'llm/v1/completions', 'gemini', 'gemini-2.0-flash', config),
        endpointYaml('gemini-embed', 'llm/v1/embeddings', 'gemini', 'text-embedding-004', config),
      ),
      { env: { GEMINI_API_KEY: KEY } },
    );
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('translates roles, system instruction, generation config, tools, tool results and inline images', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: candidateAnswer([{ functionCall: { name: 'get_weather', args: { city: 'Lyon' } } }], 'STOP'),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'And Lyon, per this map?' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            ],
          },
        ],
        temperature: 0.7,
        top_p: 0.9,
        top_k: 40,
        max_tokens: 256,
        stop: ['\n\n'],
        n: 1,
        seed: 7,
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Weather of a city',
              parameters: {
                type: 'object',
                properties: { city: { type: 'string' } },
                anyOf: [{ required: ['city'] }],
              },
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
        stream_options: { include_usage: true },
      },
    });

    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(upstream.headers['x-goog-api-key']).toBe(KEY);
    expect(upstream.body).toEqual({
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        {
          role: 'model',
          parts: [
            { text: 'Checking.' },
            { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Paris' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'call_1', name: 'get_weather', response: { temperature: 21 } } },
            { functionResponse: { id: 'call_1', name: 'get_weather', response: { content: 'sunny' } } },
            { text: 'And Lyon, per this map?' },
            { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: {
        temperature: 0.7,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 256,
        stopSequences: ['\n\n'],
        candidateCount: 1,
        seed: 7,
      },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              description: 'Weather of a city',
              parametersJsonSchema: {
                type: 'object',
                properties: { city: { type: 'string' } },
                anyOf: [{ required: ['city'] }],
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
    });

    expect(response.json).toEqual({
      id: 'resp-gemini-1',
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gemini-2.0-flash-001',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_0_0',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Lyon"}' },
              },
            ],
            refusal: null,
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
  });

  it('maps finish reasons, JSON response formats, thinking tokens and a blocked prompt', async () => {
    const cases: [string, string][] = [
      ['STOP', 'stop'],
      ['MAX_TOKENS', 'length'],
      ['SAFETY', 'content_filter'],
      ['RECITATION', 'content_filter'],
      ['MALFORMED_FUNCTION_CALL', 'malformed_function_call'],
    ];
    for (const [finishReason, expected] of cases) {
      fake.enqueue({
        status: 200,
        headers: JSON_HEADERS,
        body: candidateAnswer([{ text: 'x' }], finishReason),
      });
      const response = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
        body: { messages: [{ role: 'user', content: 'Hi' }] },
      });
      expect((response.json as { choices: { finish_reason: string }[] }).choices[0]!.finish_reason).toBe(
        expected,
      );
    }

    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: candidateAnswer([{ text: 'thinking…', thought: true }, { text: '{"a":1}' }], 'STOP', {
        usageMetadata: {
          promptTokenCount: 4,
          candidatesTokenCount: 5,
          thoughtsTokenCount: 20,
          totalTokenCount: 29,
        },
      }),
    });
    const json = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: {
        messages: [{ role: 'user', content: 'JSON please' }],
        response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' } } },
      },
    });
    expect(fake.lastRequest!.body).toMatchObject({
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } },
    });
    expect(json.json).toMatchObject({
      choices: [{ message: { content: '{"a":1}' } }],
      usage: { prompt_tokens: 4, completion_tokens: 25, total_tokens: 29 },
    });

    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        promptFeedback: { blockReason: 'SAFETY' },
        usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
      }),
    });
    const blocked = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: { messages: [{ role: 'user', content: 'something blocked' }] },
    });
    expect(blocked.json).toMatchObject({
      choices: [{ index: 0, message: { content: null }, finish_reason: 'content_filter' }],
      usage: { prompt_tokens: 9, completion_tokens: null, total_tokens: 9 },
    });
  });

  it('streams with streamGenerateContent?alt=sse, usage on the finishing chunk', async () => {
    const chunk = (text: string, finishReason?: string, usage?: Record<string, number>) => ({
      candidates: [
        {
          content: { parts: [{ text }], role: 'model' },
          index: 0,
          ...(finishReason === undefined ? {} : { finishReason }),
        },
      ],
      ...(usage === undefined ? {} : { usageMetadata: usage }),
      modelVersion: 'gemini-2.0-flash-001',
      responseId: 'resp-stream-1',
    });
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: dataEvents([
        chunk('The sky', undefined, { promptTokenCount: 6, totalTokenCount: 6 }),
        chunk(' is blue', undefined, { promptTokenCount: 6, candidatesTokenCount: 3, totalTokenCount: 9 }),
        chunk('.', 'STOP', { promptTokenCount: 6, candidatesTokenCount: 5, totalTokenCount: 11 }),
      ]),
    });
    const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'gemini-chat', messages: [{ role: 'user', content: 'Sky colour?' }], stream: true },
    });
    expect(fake.lastRequest!.path).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
    expect(fake.lastRequest!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Sky colour?' }] }],
    });
    const chunks = streamChunks(response.text);
    expect(chunks).toHaveLength(3);
    expect(
      chunks.map((item) => (item.choices as { delta: { content: string } }[])[0]!.delta.content).join(''),
    ).toBe('The sky is blue.');
    expect(chunks[0]).toMatchObject({
      id: 'resp-stream-1',
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant' } }],
    });
    expect(chunks[1]!.usage).toBeUndefined();
    expect(chunks[2]).toMatchObject({
      choices: [{ finish_reason: 'stop' }],
      usage: { prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 },
    });
  });

  it('serves completions through generateContent, plain and streamed', async () => {
    fake.enqueue({ status: 200, headers: JSON_HEADERS, body: candidateAnswer([{ text: 'Four.' }], 'STOP') });
    const response = await send(gateway.url, 'POST', '/endpoints/gemini-text/invocations', {
      body: { prompt: '2+2?', max_tokens: 5 },
    });
    expect(fake.lastRequest!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: '2+2?' }] }],
      generationConfig: { maxOutputTokens: 5 },
    });
    expect(response.json).toMatchObject({
      object: 'text_completion',
      choices: [{ index: 0, text: 'Four.', finish_reason: 'stop' }],
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
    fake.enqueue({
      status: 200,
      headers: SSE_HEADERS,
      sse: dataEvents([
        { candidates: [{ content: { parts: [{ text: 'Fo' }] }, index: 0 }] },
        { candidates: [{ content: { parts: [{ text: 'ur.' }] }, index: 0, finishReason: 'MAX_TOKENS' }] },
      ]),
    });
    const streamed = await send(gateway.url, 'POST', '/endpoints/gemini-text/invocations', {
      body: { prompt: '2+2?', stream: true },
    });
    const chunks = streamChunks(streamed.text);
    expect(chunks.map((item) => (item.choices as { text: string }[])[0]!.text).join('')).toBe('Four.');
    expect(chunks.at(-1)).toMatchObject({
      object: 'text_completion_chunk',
      choices: [{ finish_reason: 'length' }],
    });
  });

  it('embeds one text with embedContent and several with batchEmbedContents, floats or base64', async () => {
    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ embedding: { values: [0.5, -0.25] } }),
    });
    const single = await send(gateway.url, 'POST', '/endpoints/gemini-embed/invocations', {
      body: { input: 'hello', dimensions: 2, task_type: 'RETRIEVAL_DOCUMENT' },
    });
    expect(fake.lastRequest!.path).toBe('/v1beta/models/text-embedding-004:embedContent');
    expect(fake.lastRequest!.body).toEqual({
      model: 'models/text-embedding-004',
      content: { parts: [{ text: 'hello' }] },
      outputDimensionality: 2,
      taskType: 'RETRIEVAL_DOCUMENT',
    });
    expect(single.json).toEqual({
      object: 'list',
      data: [{ object: 'embedding', embedding: [0.5, -0.25], index: 0 }],
      model: 'text-embedding-004',
      usage: { prompt_tokens: null, total_tokens: null },
    });

    fake.enqueue({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ embeddings: [{ values: [1, 0] }, { values: [0, 1] }] }),
    });
    const batch = await send(gateway.url, 'POST', '/v1/embeddings', {
      body: { model: 'gemini-embed', input: ['a', 'b'], encoding_format: 'base64' },
    });
    expect(fake.lastRequest!.path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(fake.lastRequest!.body).toEqual({
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] } },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'b' }] } },
      ],
    });
    const data = (batch.json as { data: { embedding: string }[] }).data;
    const decode = (text: string) => {
      const bytes = Buffer.from(text, 'base64');
      return [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)];
    };
    expect(data.map((item) => decode(item.embedding))).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("refuses Gemini's own field names and unknown tool results; relays Gemini errors", async () => {
    const refused = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], maxOutputTokens: 5 },
    });
    expect([refused.status, refused.json]).toEqual([
      422,
      { detail: 'Invalid parameter maxOutputTokens. Use max_tokens instead.' },
    ]);
    const orphan = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: { messages: [{ role: 'tool', tool_call_id: 'nope', content: '1' }] },
    });
    expect(orphan.status).toBe(422);
    expect(fake.requests).toHaveLength(0);

    fake.enqueue({
      status: 400,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
        },
      }),
    });
    const invalid = await send(gateway.url, 'POST', '/endpoints/gemini-chat/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect([invalid.status, invalid.json]).toEqual([
      400,
      { detail: 'API key not valid. Please pass a valid API key.' },
    ]);
  });
});
