import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProviderDefinition,
  createDefaultProviderRegistry,
  createGatewayApp,
  parseGatewayConfig,
} from '../src/index.js';
import { FakeUpstream } from './support/fake-upstream.js';
import { send, sseData } from './support/http-client.js';
import { CapturingLogger, type RunningGateway, startGateway } from './support/start-gateway.js';

const KEY = 'sk-error-paths-key-0123456789';

function config(fakeUrl: string): string {
  const openai = (name: string, type: string, extra = '') =>
    [
      `  - name: ${name}`,
      `    endpoint_type: ${type}`,
      '    model:',
      '      provider: openai',
      '      name: gpt-4o-mini',
      '      config:',
      '        openai_api_key: $OPENAI_API_KEY',
      `        openai_api_base: ${fakeUrl}/v1`,
      extra,
    ].join('\n');
  return [
    'endpoints:',
    openai('chat', 'llm/v1/chat', '    timeout_seconds: 0.5'),
    openai('embed', 'llm/v1/embeddings'),
  ].join('\n');
}

const chatChunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}`;

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('bad input and upstream failures', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    gateway = await startGateway(config(fake.url), {
      env: { OPENAI_API_KEY: KEY },
      app: { maxBodyBytes: 4096 },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('answers malformed JSON, wrong types and non-JSON bodies with 422 and no upstream call', async () => {
    fake.reset();
    const malformed = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      rawBody: '{"messages": [',
    });
    expect(malformed.status).toBe(422);
    expect((malformed.json as { detail: unknown[] }).detail[0]).toMatchObject({
      type: 'json_invalid',
      loc: ['body', 14],
    });
    const wrongTypes = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 3, content: 'x' }], temperature: 'warm', n: 1.5, stop: 'END' },
    });
    expect(wrongTypes.status).toBe(422);
    expect(
      (wrongTypes.json as { detail: { type: string; loc: unknown[] }[] }).detail.map((issue) => [
        issue.type,
        issue.loc,
      ]),
    ).toEqual([
      ['string_type', ['body', 'messages', 0, 'role']],
      ['float_parsing', ['body', 'temperature']],
      ['int_from_float', ['body', 'n']],
      ['list_type', ['body', 'stop']],
    ]);
    const form = await send(gateway.url, 'POST', '/v1/chat/completions', {
      rawBody: 'model=chat',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(422);
    expect(form.json).toMatchObject({
      error: { type: 'invalid_request_error', code: 'INVALID_PARAMETER_VALUE' },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('drops a top-level __proto__ key instead of letting it become the request object’s prototype', async () => {
    fake.reset();
    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      }),
    });
    const response = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      rawBody: '{"messages": [{"role": "user", "content": "x"}], "__proto__": {"stream": true}, "seed": 1}',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(fake.lastRequest!.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      seed: 1,
    });
  });

  it('answers 404 for unknown endpoints and paths, 405 for wrong methods', async () => {
    expect((await send(gateway.url, 'POST', '/endpoints/nope/invocations', { body: {} })).json).toEqual({
      detail: 'Not Found',
    });
    expect((await send(gateway.url, 'GET', '/nothing/here')).status).toBe(404);
    const wrongMethod = await send(gateway.url, 'DELETE', '/v1/chat/completions');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('answers 413 for a body above the limit, without reading it all', async () => {
    const response = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x'.repeat(10_000) }] },
    });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ detail: 'The request body is larger than the limit of 4096 bytes.' });
  });

  it('answers 502 for upstream garbage and 504 for an upstream that hangs', async () => {
    fake.reset();
    fake.enqueue({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' });
    const html = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x' }] },
    });
    expect(html.status).toBe(502);
    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"choices": "nope"}',
    });
    const wrongShape = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x' }] },
    });
    expect(wrongShape.status).toBe(502);
    expect(wrongShape.json).toEqual({
      detail:
        'The upstream\'s answer is not a valid chat completion: expected an object with a "choices" list of {message, finish_reason}, got an object with key "choices".',
    });
    fake.enqueue({ status: null });
    const started = Date.now();
    const hang = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x' }] },
    });
    expect(hang.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(hang.json).toEqual({ detail: "The upstream of endpoint 'chat' did not answer within 0.5 s." });
  });

  it('removes the API key from upstream error messages', async () => {
    fake.enqueue({
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}. Check it.` } }),
    });
    const response = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'chat', messages: [{ role: 'user', content: 'x' }] },
    });
    expect(response.status).toBe(401);
    expect(response.text).not.toContain(KEY);
    expect(response.json).toMatchObject({
      detail: 'Incorrect API key provided: [REDACTED]. Check it.',
      error: { message: 'Incorrect API key provided: [REDACTED]. Check it.', type: 'authentication_error' },
    });
  });

  it('ends a dropped or stalled stream with an error event and [DONE] never follows', async () => {
    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      sse: [chatChunk('a'), ''],
      streamCut: true,
    });
    const dropped = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x' }], stream: true },
    });
    expect(dropped.aborted).toBe(false);
    const events = sseData(dropped.text);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!)).toMatchObject({
      error: { type: 'server_error', code: 'TEMPORARILY_UNAVAILABLE' },
    });

    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      sse: [chatChunk('a'), ''],
      stallAfterEvents: true,
    });
    const stalled = await send(gateway.url, 'POST', '/endpoints/chat/invocations', {
      body: { messages: [{ role: 'user', content: 'x' }], stream: true },
    });
    expect(JSON.parse(sseData(stalled.text).at(-1)!)).toEqual({
      error: {
        message: "The upstream of endpoint 'chat' stopped sending for 0.5 s.",
        type: 'server_error',
        code: 'DEADLINE_EXCEEDED',
        param: null,
      },
    });
  });

  it('aborts the upstream call when the client disconnects', async () => {
    fake.reset();
    fake.enqueue({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      sse: [chatChunk('a'), ''],
      stallAfterEvents: true,
    });
    const controller = new AbortController();
    const response = await request(`${gateway.url}/endpoints/chat/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }], stream: true }),
      signal: controller.signal,
    });
    expect(response.statusCode).toBe(200);
    for await (const chunk of response.body) {
      expect(String(chunk)).toContain('data: ');
      break;
    }
    controller.abort();
    await waitFor(() => fake.abortedRequests === 1);

    fake.enqueue({ status: null });
    const hanging = new AbortController();
    const pending = request(`${gateway.url}/endpoints/embed/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'x' }),
      signal: hanging.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => fake.requests.length === 2);
    hanging.abort();
    await pending;
    await waitFor(() => fake.abortedRequests === 2);
    const metrics = await gateway.gateway.metricsRegistry.metrics();
    expect(metrics).toContain(
      'millrace_gateway_requests_total{endpoint="chat",provider="openai",status="499"} 1',
    );
  });
});

describe('providers from outside the built-in registry', () => {
  it('are one definition registered once, and their bugs are bare 500s without details', async () => {
    const fake = await FakeUpstream.start();
    fake.setHandler(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"answer": "hi"}',
    }));
    const echoProvider: ProviderDefinition<{ url: URL }> = {
      name: 'echo-test',
      displayName: 'Echo Test',
      capabilities: { 'llm/v1/completions': { stream: false } },
      parseConfig: (raw, context) => {
        if (typeof raw.url !== 'string') {
          context.problems.add(['url'], 'is required');
          return undefined;
        }
        return { url: new URL(raw.url) };
      },
      secretsOf: () => [],
      createAdapter: (endpoint, providerConfig, services) => ({
        prepare: (gatewayRequest) => ({
          dispatcher: services.dispatcherFor(providerConfig.url.origin),
          path: '/echo',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: gatewayRequest.body.prompt }),
        }),
        mapResponse: (body) => {
          if (gatewayBugs.length > 0) throw new TypeError(gatewayBugs.pop());
          return {
            object: 'text_completion',
            model: endpoint.name,
            choices: [{ index: 0, text: (body as { answer: string }).answer }],
          };
        },
      }),
    };
    const gatewayBugs: string[] = [];
    const providers = createDefaultProviderRegistry().register(echoProvider);
    const yaml = `endpoints:\n  - name: e\n    endpoint_type: llm/v1/completions\n    model:\n      provider: Echo_Test\n      config:\n        url: ${fake.url}\n`;
    const logger = new CapturingLogger();
    const gateway = await createGatewayApp({ config: parseGatewayConfig(yaml, { providers }), logger });
    const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ok = await send(url, 'POST', '/endpoints/e/invocations', { body: { prompt: 'p' } });
      expect(ok.json).toEqual({ object: 'text_completion', model: 'e', choices: [{ index: 0, text: 'hi' }] });
      expect(fake.lastRequest!.body).toEqual({ text: 'p' });
      gatewayBugs.push('secret internal detail');
      const bug = await send(url, 'POST', '/endpoints/e/invocations', { body: { prompt: 'p' } });
      expect(bug.status).toBe(500);
      expect(bug.json).toEqual({ detail: 'Internal Server Error' });
      expect(logger.text).toContain('secret internal detail');
      expect(
        (await send(url, 'POST', '/endpoints/e/invocations', { body: { prompt: 'p', stream: true } })).json,
      ).toEqual({
        detail: 'The completions streaming route is not implemented for Echo Test models.',
      });
    } finally {
      await gateway.app.close();
      await fake.close();
    }
  });
});
