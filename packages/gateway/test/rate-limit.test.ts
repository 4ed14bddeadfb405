import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimitStore,
  createRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
} from '../src/index.js';
import { FakeUpstream, unusedPort } from './support/fake-upstream.js';
import { send } from './support/http-client.js';
import { type RunningGateway, startGateway } from './support/start-gateway.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

function limitedConfig(fakeUrl: string, calls: number): string {
  return [
    'endpoints:',
    '  - name: limited',
    '    endpoint_type: llm/v1/completions',
    '    model:',
    '      provider: mlflow-model-serving',
    '      name: m',
    '      config:',
    `        model_server_url: ${fakeUrl}`,
    '    limit:',
    `      calls: ${calls}`,
    '      renewal_period: minute',
    '  - name: free',
    '    endpoint_type: llm/v1/completions',
    '    model:',
    '      provider: mlflow-model-serving',
    '      name: m',
    '      config:',
    `        model_server_url: ${fakeUrl}`,
    'routes:',
    '  - name: split',
    '    task_type: llm/v1/completions',
    '    destinations:',
    '      - name: limited',
    '        traffic_percentage: 100',
  ].join('\n');
}

describe('memory rate-limit store', () => {
  it('counts fixed windows per key, starting at the first hit', async () => {
    let now = 1_000;
    const store = createMemoryRateLimitStore({ now: () => now });
    expect(store.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 10_000;
    expect(store.hit('a', 60_000)).toEqual({ count: 2, resetInMs: 50_000 });
    expect(store.hit('b', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 50_000;
    expect(store.hit('a', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    await store.close();
  });

  it('comes from a storage URI', async () => {
    const store = createRateLimitStore('memory://');
    expect(await store.hit('x', 1000)).toMatchObject({ count: 1 });
    await store.close();
    expect(() => createRateLimitStore('mongodb://x')).toThrow(/Unsupported rate-limit storage "mongodb:"/);
  });
});

describe('rate limits over HTTP', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await FakeUpstream.start();
    fake.setHandler(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ predictions: ['ok'] }),
    }));
  });
  afterAll(async () => {
    await fake.close();
  });

  it('applies one counter per endpoint on /endpoints, /gateway, /v1 and traffic routes, with Retry-After', async () => {
    const gateway = await startGateway(limitedConfig(fake.url, 4));
    try {
      const statuses = [];
      for (const [path, body] of [
        ['/endpoints/limited/invocations', { prompt: 'x' }],
        ['/gateway/limited/invocations', { prompt: 'x' }],
        ['/v1/completions', { model: 'limited', prompt: 'x' }],
        ['/endpoints/split/invocations', { prompt: 'x' }],
        ['/gateway/limited/invocations', { prompt: 'x' }],
        ['/v1/completions', { model: 'limited', prompt: 'x' }],
      ] as const) {
        const response = await send(gateway.url, 'POST', path, { body });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(59);
          expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      expect(
        (await send(gateway.url, 'POST', '/endpoints/free/invocations', { body: { prompt: 'x' } })).status,
      ).toBe(200);
      const metrics = await gateway.gateway.metricsRegistry.metrics();
      expect(metrics).toContain(
        'millrace_gateway_requests_total{endpoint="limited",provider="mlflow-model-serving",status="429"} 2',
      );
    } finally {
      await gateway.close();
    }
  });

  it('shares one limit between two gateway apps through Redis', async () => {
    const keyPrefix = `millrace:test:${randomUUID()}:`;
    const stores: RateLimitStore[] = [
      createRedisRateLimitStore({ url: REDIS_URL, keyPrefix }),
      createRedisRateLimitStore({ url: REDIS_URL, keyPrefix }),
    ];
    const gateways: RunningGateway[] = [];
    try {
      for (const store of stores) {
        gateways.push(await startGateway(limitedConfig(fake.url, 3), { app: { rateLimitStore: store } }));
      }
      const statuses = [];
      for (let index = 0; index < 6; index += 1) {
        const gateway = gateways[index % 2]!;
        statuses.push(
          (await send(gateway.url, 'POST', '/endpoints/limited/invocations', { body: { prompt: 'x' } }))
            .status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
      const denied = await send(gateways[1]!.url, 'POST', '/endpoints/limited/invocations', {
        body: { prompt: 'x' },
      });
      expect(denied.json).toEqual({ error: 'Rate limit exceeded: 3 per 1 minute' });
      expect(Number(denied.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      for (const gateway of gateways) await gateway.close();
      for (const store of stores) await store.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('counts atomically under concurrency in Redis, and expires the window', async () => {
    const keyPrefix = `millrace:test:${randomUUID()}:`;
    const store = createRedisRateLimitStore({ url: REDIS_URL, keyPrefix });
    try {
      const hits = await Promise.all(Array.from({ length: 40 }, () => store.hit('k', 300)));
      expect(hits.map((hit) => hit.count).sort((left, right) => left - right)).toEqual(
        Array.from({ length: 40 }, (_value, index) => index + 1),
      );
      expect(Math.max(...hits.map((hit) => hit.resetInMs))).toBeLessThanOrEqual(300);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await store.hit('k', 300)).count).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('lets requests through (and logs) when the rate-limit store is down', async () => {
    const store = createRedisRateLimitStore({
      url: `redis://127.0.0.1:${await unusedPort()}`,
      keyPrefix: 'down:',
    });
    const gateway = await startGateway(limitedConfig(fake.url, 1), { app: { rateLimitStore: store } });
    try {
      for (let index = 0; index < 2; index += 1) {
        expect(
          (await send(gateway.url, 'POST', '/endpoints/limited/invocations', { body: { prompt: 'x' } }))
            .status,
        ).toBe(200);
      }
      expect(gateway.logger.text).toContain(
        'rate-limit store failed; requests pass unlimited until it recovers',
      );
    } finally {
      await gateway.close();
      await store.close();
    }
  });
});
