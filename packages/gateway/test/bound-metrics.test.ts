import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BoundCounter } from '../src/metrics/bound-counter.js';
import { BoundHistogram } from '../src/metrics/bound-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: [string, string, number][] = [
  ['chat', 'openai', 0.0005],
  ['chat', 'openai', 0.001],
  ['chat', 'openai', 0.05],
  ['chat', 'openai', 7],
  ['embed', 'cohere', 0.2],
];

describe('BoundHistogram', () => {
  it("exports exactly what prom-client's Histogram exports for the same observations", async () => {
    const reference = new Registry();
    const referenceHistogram = new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['endpoint', 'provider'],
      buckets: BUCKETS,
      registers: [reference],
    });
    const bound = new Registry();
    const boundHistogram = new BoundHistogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['endpoint', 'provider'],
      buckets: BUCKETS,
      registers: [bound],
    });
    for (const [endpoint, provider, value] of OBSERVATIONS) {
      referenceHistogram.labels(endpoint, provider).observe(value);
      boundHistogram.labels(endpoint, provider).observe(value);
    }
    expect(await bound.metrics()).toBe(await reference.metrics());
    // prom-client adds `exemplar: null` to each bucket; exemplars are not used by the gateway.
    const withoutExemplars = (metrics: Awaited<ReturnType<Registry['getMetricsAsJSON']>>) =>
      metrics.map((metric) => ({
        ...metric,
        values: metric.values.map(({ exemplar: _exemplar, ...value }: Record<string, unknown>) => value),
      }));
    expect(await bound.getMetricsAsJSON()).toEqual(withoutExemplars(await reference.getMetricsAsJSON()));
  });

  it('returns one series per label set and zeroes it on reset', async () => {
    const registry = new Registry();
    const histogram = new BoundHistogram({
      name: 'h',
      help: 'h',
      labelNames: ['endpoint'],
      buckets: BUCKETS,
      registers: [registry],
    });
    histogram.labels('a').observe(0.5);
    histogram.labels('a').observe(0.5);
    expect(await registry.metrics()).toContain('h_count{endpoint="a"} 2');
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('h_count{endpoint="a"} 0');
    expect(() => histogram.labels('a', 'b')).toThrow(TypeError);
  });
});

describe('BoundCounter', () => {
  it('hands its increments to the prom-client Counter when scraped', async () => {
    const reference = new Registry();
    const referenceCounter = new Counter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['endpoint', 'status'],
      registers: [reference],
    });
    const registry = new Registry();
    const counter = new BoundCounter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    });
    const ok = counter.labels('chat', '200');
    ok.inc();
    ok.inc(2);
    counter.labels('chat', '200').inc();
    counter.labels('chat', '404').inc();
    referenceCounter.labels('chat', '200').inc(4);
    referenceCounter.labels('chat', '404').inc();
    expect(await registry.metrics()).toBe(await reference.metrics());
    // Scraping again adds nothing twice; later increments appear at the next scrape.
    ok.inc();
    referenceCounter.labels('chat', '200').inc();
    expect(await registry.metrics()).toBe(await reference.metrics());
    expect(await registry.metrics()).toBe(await reference.metrics());
  });
});
