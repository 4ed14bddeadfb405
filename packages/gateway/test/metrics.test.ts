import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { FakeUpstream } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import { openAIFakeHandler } from './support/openai-fake-handler.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics and the overhead header', () => {
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.setHandler((request) => ({ ...openAIFakeHandler(request), delayMs: 30 }));
    const yaml = [
      'endpoints:',
      '  - name: chat',
      '    endpoint_type: llm/v1/chat',
      '    model:',
      '      provider: openai',
      '      name: gpt-4o-mini',
      '      config:',
      '        openai_api_key: sk-metrics-0123456789',
      `        openai_api_base: ${fake.url}/v1`,
    ].join('\n');
    gateway = await startGateway(yaml, { app: { metricsRegistry: new Registry() } });
  });
  afterAll(async () => {
    await gateway.close();
    await fake.close();
  });

  it('counts requests, tokens, latencies and time to first token per endpoint', async () => {
    const chat = { messages: [{ role: 'user', content: 'Hi' }] };
    const plain = await send(gateway.url, 'POST', '/endpoints/chat/invocations', { body: chat });
    const overhead = Number(plain.headers['x-millrace-gateway-overhead-ms']);
    expect(overhead).toBeGreaterThanOrEqual(0);
    expect(overhead).toBeLessThan(30);
    const streamed = await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { ...chat, model: 'chat', stream: true },
    });
    expect(streamed.status).toBe(200);
    expect(Number(streamed.headers['x-millrace-gateway-overhead-ms'])).toBeLessThan(30);
    await send(gateway.url, 'POST', '/v1/chat/completions', {
      body: { model: 'nope', messages: chat.messages },
    });
    await send(gateway.url, 'POST', '/endpoints/chat/invocations', { body: { messages: [] } });

    const response = await send(gateway.url, 'GET', '/metrics');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    expect(
      metricValue(text, 'millrace_gateway_requests_total{endpoint="chat",provider="openai",status="200"}'),
    ).toBe(2);
    expect(
      metricValue(text, 'millrace_gateway_requests_total{endpoint="(none)",provider="(none)",status="404"}'),
    ).toBe(1);
    expect(
      metricValue(text, 'millrace_gateway_requests_total{endpoint="(none)",provider="(none)",status="422"}'),
    ).toBe(1);
    // Two answers of 7 prompt and 5 completion tokens: the streamed one's usage came from the
    // usage chunk the gateway asked for (and did not relay).
    expect(
      metricValue(text, 'millrace_gateway_tokens_total{endpoint="chat",provider="openai",kind="prompt"}'),
    ).toBe(14);
    expect(
      metricValue(text, 'millrace_gateway_tokens_total{endpoint="chat",provider="openai",kind="completion"}'),
    ).toBe(10);
    expect(streamed.text).not.toContain('"usage"');
    expect(
      metricValue(
        text,
        'millrace_gateway_upstream_duration_seconds_count{endpoint="chat",provider="openai"}',
      ),
    ).toBe(2);
    expect(
      metricValue(text, 'millrace_gateway_upstream_duration_seconds_sum{endpoint="chat",provider="openai"}'),
    ).toBeGreaterThan(0.05);
    expect(metricValue(text, 'millrace_gateway_overhead_seconds_count{endpoint="chat"}')).toBe(2);
    expect(
      metricValue(
        text,
        'millrace_gateway_time_to_first_token_seconds_count{endpoint="chat",provider="openai"}',
      ),
    ).toBe(1);
  });

  it('puts the overhead header on every answer', async () => {
    for (const [method, path] of [
      ['GET', '/health'],
      ['GET', '/api/2.0/endpoints/'],
      ['GET', '/v1/models'],
      ['GET', '/nope'],
      ['GET', '/metrics'],
    ] as const) {
      const response = await send(gateway.url, method, path);
      expect({ path, header: response.headers['x-millrace-gateway-overhead-ms'] }).toEqual({
        path,
        header: expect.stringMatching(/^\d+\.\d{3}$/),
      });
    }
  });
});
