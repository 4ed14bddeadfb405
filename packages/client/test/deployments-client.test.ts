import { MillraceError } from '@millrace/core';
import {
  createGatewayApp,
  parseGatewayConfig,
  silentGatewayLogger,
  type GatewayApp,
} from '@millrace/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDeployClient, type DeploymentsClient } from '../src/deployments/deployments-client.js';
import { FAKE_WORDS, startFakeOpenAI, type FakeOpenAI } from './support/fake-openai.js';

function gatewayYaml(upstream: string): string {
  const model = (name: string) =>
    [
      '    model:',
      '      provider: openai',
      `      name: ${name}`,
      '      config:',
      '        openai_api_key: $OPENAI_API_KEY',
      `        openai_api_base: ${upstream}/v1`,
    ].join('\n');
  return [
    'endpoints:',
    '  - name: chat',
    '    endpoint_type: llm/v1/chat',
    model('gpt-4o-mini'),
    '  - name: embeddings',
    '    endpoint_type: llm/v1/embeddings',
    model('text-embedding-3-small'),
    '  - name: limited',
    '    endpoint_type: llm/v1/chat',
    model('gpt-4o-mini'),
    '    limit:',
    '      calls: 1',
    '      renewal_period: minute',
    '',
  ].join('\n');
}

let upstream: FakeOpenAI;
let gateway: GatewayApp;
let gatewayUrl: string;
let client: DeploymentsClient;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  const config = parseGatewayConfig(gatewayYaml(upstream.url), {
    env: { OPENAI_API_KEY: 'sk-test-0123456789' },
  });
  gateway = await createGatewayApp({ config, logger: silentGatewayLogger });
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  client = getDeployClient(gatewayUrl, { environment: {} });
});

afterAll(async () => {
  await client?.close();
  if (gateway !== undefined) {
    const closing = gateway.app.close();
    gateway.app.server.closeAllConnections();
    await closing;
  }
  await upstream?.close();
});

async function caught(promise: Promise<unknown>): Promise<MillraceError> {
  try {
    await promise;
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a MillraceError');
}

describe('deployments client against the gateway', () => {
  it('lists endpoints and gets one, with absolute invocation URLs', async () => {
    const endpoints = await client.listEndpoints();
    expect(endpoints.map((endpoint) => [endpoint.name, endpoint.endpointType])).toEqual([
      ['chat', 'llm/v1/chat'],
      ['embeddings', 'llm/v1/embeddings'],
      ['limited', 'llm/v1/chat'],
    ]);
    const chat = await client.getEndpoint('chat');
    expect(chat).toEqual({
      name: 'chat',
      endpointType: 'llm/v1/chat',
      model: { name: 'gpt-4o-mini', provider: 'openai' },
      endpointUrl: `${gatewayUrl}/gateway/chat/invocations`,
      limit: null,
    });
    expect((await client.getEndpoint('limited')).limit).toEqual({ calls: 1, renewalPeriod: 'minute' });
  });

  it("reports an unknown endpoint with the gateway's detail", async () => {
    const error = await caught(client.getEndpoint('nope'));
    expect(error.httpStatus).toBe(404);
    expect(error.message).toBe(
      "The endpoint 'nope' is not present or active on the server. Please verify the endpoint name.",
    );
  });

  it('predicts with a chat endpoint', async () => {
    const answer = (await client.predict({
      endpoint: 'chat',
      inputs: { messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 },
    })) as { choices: { message: { content: string } }[]; usage: unknown };
    expect(answer.choices[0]?.message.content).toBe(FAKE_WORDS.join(''));
    expect(answer.usage).toMatchObject({ total_tokens: 7 });
    expect(upstream.bodies.at(-1)).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2 });
  });

  it('predicts with an embeddings endpoint', async () => {
    const answer = (await client.predict({ endpoint: 'embeddings', inputs: { input: ['a', 'b'] } })) as {
      data: { embedding: number[] }[];
    };
    expect(answer.data.map((item) => item.embedding)).toEqual([
      [0, 0.5],
      [1, 0.5],
    ]);
  });

  it('streams chat chunks as parsed events', async () => {
    const chunks: unknown[] = [];
    for await (const chunk of client.predictStream({
      endpoint: 'chat',
      inputs: { messages: [{ role: 'user', content: 'Hi' }] },
    })) {
      chunks.push(chunk);
    }
    const text = chunks
      .map(
        (chunk) =>
          (chunk as { choices: { delta: { content?: string | null } }[] }).choices[0]?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe(FAKE_WORDS.join(''));
    expect(chunks.at(-1)).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ finish_reason: 'stop' }],
    });
    expect(upstream.bodies.at(-1)).toMatchObject({ stream: true });
  });

  it("passes on the gateway's validation and upstream errors", async () => {
    const invalid = await caught(client.predict({ endpoint: 'chat', inputs: { prompt: 'not a chat body' } }));
    expect(invalid.httpStatus).toBe(422);
    expect(invalid.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(invalid.message).toContain('messages');

    upstream.failNext(400, 'The model does not exist');
    const upstreamError = await caught(
      client.predict({ endpoint: 'chat', inputs: { messages: [{ role: 'user', content: 'x' }] } }),
    );
    expect(upstreamError.httpStatus).toBe(400);
    expect(upstreamError.message).toBe('The model does not exist');

    const stream = client.predictStream({ endpoint: 'nope', inputs: { messages: [] } });
    const streamError = await caught(stream.next());
    expect(streamError.httpStatus).toBe(404);
  });

  it('reports rate limits without retrying the call', async () => {
    const body = { messages: [{ role: 'user', content: 'x' }] };
    await client.predict({ endpoint: 'limited', inputs: body });
    const before = upstream.bodies.length;
    const limited = await caught(client.predict({ endpoint: 'limited', inputs: body }));
    expect(limited.httpStatus).toBe(429);
    expect(limited.message).toContain('Rate limit exceeded');
    expect(upstream.bodies.length).toBe(before);
  });

  it('reads the target from MLFLOW_DEPLOYMENTS_TARGET', async () => {
    const previous = process.env.MLFLOW_DEPLOYMENTS_TARGET;
    try {
      delete process.env.MLFLOW_DEPLOYMENTS_TARGET;
      expect(() => getDeployClient()).toThrow('MLFLOW_DEPLOYMENTS_TARGET');
      process.env.MLFLOW_DEPLOYMENTS_TARGET = `${gatewayUrl}/`;
      const fromEnvironment = getDeployClient(undefined, { environment: {} });
      expect(fromEnvironment.target).toBe(gatewayUrl);
      expect((await fromEnvironment.listEndpoints()).length).toBe(3);
      await fromEnvironment.close();
    } finally {
      if (previous === undefined) delete process.env.MLFLOW_DEPLOYMENTS_TARGET;
      else process.env.MLFLOW_DEPLOYMENTS_TARGET = previous;
    }
  });
});
