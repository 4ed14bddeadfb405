import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayConfigError, parseGatewayConfig } from '../src/index.js';
import { converseEvent, converseException } from './support/aws-event-stream-encoder.js';
import { FakeUpstream, type RecordedRequest, type ScriptedResponse } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import { JSON_HEADERS, endpointYaml, gatewayYaml, streamChunks } from './support/endpoint-yaml.js';
import { verifySigV4 } from './support/sigv4-verifier.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

/**
 * Amazon Bedrock behind the gateway, against a fake Bedrock Runtime that checks every request's
 * SigV4 signature (with its own verifier) and answers Converse JSON, ConverseStream binary
 * event-stream frames and InvokeModel embeddings.
 */
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const SESSION_TOKEN = 'FwoGZXIvYXdzEBYaDEXAMPLESESSIONTOKEN';
const REGION = 'us-west-2';
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const EVENT_STREAM_HEADERS = { 'content-type': 'application/vnd.amazon.eventstream' };

function converseAnswer(overrides: Record<string, unknown> = {}): ScriptedResponse {
  return {
    status: 200,
    headers: { ...JSON_HEADERS, 'x-amzn-requestid': 'b9a2e8f6-2a7d-4c1e-9f0e-1c2d3e4f5a6b' },
    body: JSON.stringify({
      output: { message: { role: 'assistant', content: [{ text: 'Bonjour !' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 25, outputTokens: 9, totalTokens: 34 },
      metrics: { latencyMs: 412 },
      ...overrides,
    }),
  };
}

/** Splits a byte stream into pieces of varying sizes (frames cut across chunk boundaries). */
function cutInto(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < bytes.length) {
    const size = sizes[turn % sizes.length]!;
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
    turn += 1;
  }
  return pieces;
}

describe('bedrock provider', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;
  const signatureProblems: string[] = [];
  let next: ScriptedResponse[] = [];

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.setHandler((request: RecordedRequest) => {
      if (request.headers.authorization?.startsWith('Bearer ')) return next.shift() ?? converseAnswer();
      const check = verifySigV4(request, CREDENTIALS, { region: REGION, service: 'bedrock' });
      if (!check.valid) {
        signatureProblems.push(check.reason);
        return {
          status: 403,
          headers: {
            ...JSON_HEADERS,
            'x-amzn-errortype':
              'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/',
          },
          body: JSON.stringify({
            message: 'The request signature we calculated does not match the signature you provided.',
          }),
        };
      }
      return next.shift() ?? converseAnswer();
    });
    const config = {
      aws_config: {
        aws_region: REGION,
        aws_access_key_id: '$AWS_KEY_ID',
        aws_secret_access_key: '$AWS_SECRET',
        aws_session_token: '$AWS_TOKEN',
      },
      bedrock_endpoint_url: fake.url,
    };
    gateway = await startGateway(
      gatewayYaml(
        endpointYaml('claude', 'llm/v1/chat', 'bedrock', CLAUDE, config),
        endpointYaml('claude-text', 'llm/v1/completions', 'amazon-bedrock', CLAUDE, config),
        endpointYaml('titan', 'llm/v1/embeddings', 'bedrock', 'amazon.titan-embed-text-v2:0', config),
        endpointYaml('cohere-embed', 'llm/v1/embeddings', 'bedrock', 'cohere.embed-multilingual-v3', config),
        endpointYaml('keyed', 'llm/v1/chat', 'bedrock', 'us.meta.llama3-2-3b-instruct-v1:0', {
          aws_config: { aws_region: REGION, aws_bearer_token: '$BEDROCK_API_KEY' },
          bedrock_endpoint_url: `${fake.url}/keyed`,
        }),
      ),
      {
        env: {
          AWS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET: CREDENTIALS.secretAccessKey,
          AWS_TOKEN: SESSION_TOKEN,
          BEDROCK_API_KEY: 'bedrock-api-key-ABSKQmVkcm9ja0FQSUtleS0',
        },
      },
    );
  });
  beforeEach(() => {
    fake.reset();
    signatureProblems.length = 0;
    next = [];
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('signs a Converse call with SigV4 and translates the chat request and answer', async () => {
    next.push(
      converseAnswer({
        output: {
          message: {
            role: 'assistant',
            content: [
              { text: 'Checking the weather.' },
              {
                toolUse: {
                  toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
                  name: 'get_weather',
                  input: { city: 'Lyon' },
                },
              },
            ],
          },
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 404, outputTokens: 61, totalTokens: 465, cacheReadInputTokens: 100 },
      }),
    );
    const response = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } }],
          },
          {
            role: 'assistant',
            tool_calls: [
              {
                id: 'tooluse_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'tooluse_1', content: '{"temperature":21}' },
          { role: 'user', content: 'And Lyon?' },
        ],
        temperature: 0.8,
        top_p: 0.9,
        max_tokens: 300,
        stop: ['</answer>'],
        top_k: 50,
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              description: 'Weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } } },
            },
          },
        ],
        tool_choice: 'auto',
      },
    });

    expect(signatureProblems).toEqual([]);
    const upstream = fake.lastRequest!;
    expect(upstream.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    expect(upstream.headers['x-amz-security-token']).toBe(SESSION_TOKEN);
    expect(upstream.headers.accept).toBe('application/json');
    expect(verifySigV4(upstream, CREDENTIALS, { region: REGION, service: 'bedrock' }).signedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-security-token']),
    );
    expect(upstream.body).toEqual({
      messages: [
        {
          role: 'user',
          content: [
            { text: 'Weather in Paris?' },
            { image: { format: 'webp', source: { bytes: 'UklGRg==' } } },
          ],
        },
        {
          role: 'assistant',
          content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_1', content: [{ json: { temperature: 21 } }] } },
            { text: 'And Lyon?' },
          ],
        },
      ],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 300, temperature: 0.4, topP: 0.9, stopSequences: ['</answer>'] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Weather',
              inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
            },
          },
        ],
        toolChoice: { auto: {} },
      },
      additionalModelRequestFields: { top_k: 50 },
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f]{32}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: CLAUDE,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking the weather.',
            tool_calls: [
              {
                id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Lyon"}' },
              },
            ],
            refusal: null,
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 504, completion_tokens: 61, total_tokens: 565 },
    });
  });

  it('the fake really checks signatures: a tampered body or a wrong secret fails verification', async () => {
    await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    const signed = fake.lastRequest!;
    expect(verifySigV4(signed, CREDENTIALS, { region: REGION, service: 'bedrock' }).valid).toBe(true);
    expect(
      verifySigV4({ ...signed, bodyText: signed.bodyText.replace('Hi', 'Ho') }, CREDENTIALS, {
        region: REGION,
        service: 'bedrock',
      }).valid,
    ).toBe(false);
    expect(
      verifySigV4(
        signed,
        { ...CREDENTIALS, secretAccessKey: 'other' },
        { region: REGION, service: 'bedrock' },
      ).valid,
    ).toBe(false);
    expect(
      verifySigV4({ ...signed, path: '/model/other/converse' }, CREDENTIALS, {
        region: REGION,
        service: 'bedrock',
      }).valid,
    ).toBe(false);
  });

  it('streams ConverseStream event-stream frames, cut anywhere, with usage on the last chunk', async () => {
    const frames = Buffer.concat([
      converseEvent('messageStart', { role: 'assistant', p: 'abcdefghijklmnopqrstuvwxyzABCDEFGH' }),
      converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Il fait' }, p: 'abcd' }),
      converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: ' beau.' }, p: 'abcdefgh' }),
      converseEvent('contentBlockStop', { contentBlockIndex: 0 }),
      converseEvent('contentBlockStart', {
        contentBlockIndex: 1,
        start: { toolUse: { toolUseId: 'tooluse_abc', name: 'get_weather' } },
      }),
      converseEvent('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } }),
      converseEvent('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '"Lyon"}' } } }),
      converseEvent('contentBlockStop', { contentBlockIndex: 1 }),
      converseEvent('messageStop', { stopReason: 'tool_use' }),
      converseEvent('metadata', {
        usage: { inputTokens: 30, outputTokens: 12, totalTokens: 42 },
        metrics: { latencyMs: 300 },
      }),
    ]);
    next.push({ status: 200, headers: EVENT_STREAM_HEADERS, chunks: cutInto(frames, [7, 50, 1, 133, 16]) });
    const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'claude', messages: [{ role: 'user', content: 'Weather?' }], stream: true },
    });
    expect(signatureProblems).toEqual([]);
    expect(fake.lastRequest!.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    expect(fake.lastRequest!.headers.accept).toBe('application/vnd.amazon.eventstream');
    expect(fake.lastRequest!.body).toEqual({ messages: [{ role: 'user', content: [{ text: 'Weather?' }] }] });
    const chunks = streamChunks(response.text);
    const deltas = chunks.map((chunk) => (chunk.choices as { delta: Record<string, unknown> }[])[0]!.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '', tool_calls: null });
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Il fait beau.');
    expect(
      deltas
        .flatMap((delta) => (delta.tool_calls as { function: { arguments: string } }[] | null) ?? [])
        .map((call) => call.function.arguments)
        .join(''),
    ).toBe('{"city":"Lyon"}');
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 },
    });
    expect(response.text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('ends the stream with an error event on a mid-stream exception', async () => {
    next.push({
      status: 200,
      headers: EVENT_STREAM_HEADERS,
      chunks: [
        converseEvent('messageStart', { role: 'assistant' }),
        converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Par' } }),
        converseException('modelStreamErrorException', 'The model failed to continue.'),
      ],
    });
    const response = await send(gateway.url, 'POST', '/endpoints/claude/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
    const chunks = streamChunks(response.text);
    expect(chunks.at(-1)).toEqual({
      error: {
        message:
          'The upstream reported an error mid-stream: modelStreamErrorException: The model failed to continue.',
        type: 'server_error',
        code: 'TEMPORARILY_UNAVAILABLE',
        param: null,
      },
    });
    expect(response.text).not.toContain('[DONE]');
  });

  it('serves completions with Converse, streamed too, and holds the finish for the usage', async () => {
    const response = await send(gateway.url, 'POST', '/endpoints/claude-text/invocations', {
      body: { prompt: 'Say hello in French', max_tokens: 20 },
    });
    expect(fake.lastRequest!.body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Say hello in French' }] }],
      inferenceConfig: { maxTokens: 20 },
    });
    expect(response.json).toMatchObject({
      object: 'text_completion',
      model: CLAUDE,
      choices: [{ index: 0, text: 'Bonjour !', finish_reason: 'stop' }],
      usage: { prompt_tokens: 25, completion_tokens: 9, total_tokens: 34 },
    });
    next.push({
      status: 200,
      headers: EVENT_STREAM_HEADERS,
      chunks: [
        converseEvent('messageStart', { role: 'assistant' }),
        converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Bonjour' } }),
        converseEvent('messageStop', { stopReason: 'max_tokens' }),
      ],
    });
    const streamed = await send(gateway.url, 'POST', '/endpoints/claude-text/invocations', {
      body: { prompt: 'Say hello in French', stream: true },
    });
    const chunks = streamChunks(streamed.text);
    expect(chunks.at(-1)).toMatchObject({
      object: 'text_completion_chunk',
      choices: [{ text: '', finish_reason: 'length' }],
    });
    expect(chunks.map((chunk) => (chunk.choices as { text: string }[])[0]!.text).join('')).toBe('Bonjour');
  });

  it('embeds with Titan (one text per call) and Cohere (a list) through InvokeModel', async () => {
    next.push({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ embedding: [0.1, 0.2, 0.3], inputTextTokenCount: 4 }),
    });
    const titan = await send(gateway.url, 'POST', '/endpoints/titan/invocations', {
      body: { input: 'hello world', dimensions: 256 },
    });
    expect(signatureProblems).toEqual([]);
    expect(fake.lastRequest!.path).toBe('/model/amazon.titan-embed-text-v2%3A0/invoke');
    expect(fake.lastRequest!.body).toEqual({ inputText: 'hello world', dimensions: 256 });
    expect(titan.json).toEqual({
      object: 'list',
      data: [{ object: 'embedding', embedding: [0.1, 0.2, 0.3], index: 0 }],
      model: 'amazon.titan-embed-text-v2:0',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    const tooMany = await send(gateway.url, 'POST', '/endpoints/titan/invocations', {
      body: { input: ['a', 'b'] },
    });
    expect([tooMany.status, tooMany.json]).toEqual([
      422,
      { detail: 'Titan embedding models take one text per request; this request has 2.' },
    ]);

    next.push({
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'e-1',
        embeddings: [[0.5], [0.25]],
        response_type: 'embeddings_floats',
        texts: ['a', 'b'],
      }),
    });
    const cohere = await send(gateway.url, 'POST', '/v1/embeddings', {
      body: { model: 'cohere-embed', input: ['a', 'b'] },
    });
    expect(fake.lastRequest!.body).toEqual({ input_type: 'search_document', texts: ['a', 'b'] });
    expect((cohere.json as { data: unknown[] }).data).toEqual([
      { object: 'embedding', embedding: [0.5], index: 0 },
      { object: 'embedding', embedding: [0.25], index: 1 },
    ]);
  });

  it('authorises with a Bedrock API key as a bearer token, and relays Bedrock errors without secrets', async () => {
    next.push({
      status: 400,
      headers: {
        ...JSON_HEADERS,
        'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      },
      body: JSON.stringify({ message: 'The provided model identifier is invalid.' }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/keyed/invocations', {
      body: { messages: [{ role: 'user', content: 'Hi' }] },
    });
    expect(fake.lastRequest!.path).toBe('/keyed/model/us.meta.llama3-2-3b-instruct-v1%3A0/converse');
    expect(fake.lastRequest!.headers.authorization).toBe('Bearer bedrock-api-key-ABSKQmVkcm9ja0FQSUtleS0');
    expect(fake.lastRequest!.headers['x-amz-date']).toBeUndefined();
    expect([response.status, response.json]).toEqual([
      400,
      { detail: { message: 'The provided model identifier is invalid.' } },
    ]);
    expect(gateway.logger.text).not.toContain(CREDENTIALS.secretAccessKey);
  });

  it('reports config problems: region, credentials, role ARN, embedding model family; reads AWS_* variables', () => {
    const problemsOf = (yaml: string, env: Record<string, string>) => {
      try {
        parseGatewayConfig(yaml, { env });
        return [];
      } catch (error) {
        if (!GatewayConfigError.isGatewayConfigError(error)) throw error;
        return error.problems;
      }
    };
    expect(
      problemsOf(
        gatewayYaml(
          endpointYaml('a', 'llm/v1/chat', 'bedrock', CLAUDE, {
            aws_config: { aws_access_key_id: 'AKIA0', aws_secret_access_key: 'x0000' },
          }),
          endpointYaml('b', 'llm/v1/chat', 'bedrock', CLAUDE, {
            aws_config: { aws_region: 'us-east-1', aws_role_arn: 'arn:aws:iam::123456789012:role/r' },
          }),
          endpointYaml('c', 'llm/v1/chat', 'bedrock', CLAUDE, { aws_config: { aws_region: 'us-east-1' } }),
          endpointYaml('d', 'llm/v1/embeddings', 'bedrock', 'mistral.mistral-large', {
            aws_config: { aws_region: 'Europe', aws_bearer_token: 'tok0' },
          }),
        ),
        {},
      ),
    ).toEqual([
      { path: 'endpoints[0].model.config.aws_config.aws_region', message: 'is required (or set AWS_REGION)' },
      {
        path: 'endpoints[1].model.config.aws_config.aws_role_arn',
        message:
          'is not supported yet (it needs STS AssumeRole): give access keys or a bearer token, or set the AWS_* environment variables',
      },
      {
        path: 'endpoints[2].model.config.aws_config',
        message:
          'needs credentials: aws_access_key_id and aws_secret_access_key, or aws_bearer_token (or the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_BEARER_TOKEN_BEDROCK environment variables)',
      },
      {
        path: 'endpoints[3].model.name',
        message:
          'must name a Titan (amazon.titan-embed-…) or Cohere (cohere.embed-…) embedding model for llm/v1/embeddings',
      },
      {
        path: 'endpoints[3].model.config.aws_config.aws_region',
        message: 'is not an AWS region name, got "Europe"',
      },
    ]);
    const fromEnvironment = parseGatewayConfig(
      gatewayYaml(endpointYaml('e', 'llm/v1/chat', 'bedrock', CLAUDE, { aws_config: {} })),
      {
        env: {
          AWS_REGION: 'eu-central-1',
          AWS_ACCESS_KEY_ID: 'AKIAENV',
          AWS_SECRET_ACCESS_KEY: 'secret-from-env',
        },
      },
    );
    expect(fromEnvironment.endpoints[0]!.providerConfig).toMatchObject({
      region: 'eu-central-1',
      endpointUrl: new URL('https://bedrock-runtime.eu-central-1.amazonaws.com'),
      credentials: { kind: 'access-keys', sessionToken: undefined },
    });
    expect(JSON.stringify(fromEnvironment.endpoints[0]!.providerConfig)).not.toContain('secret-from-env');
  });
});
