import { Counter, Registry } from 'prom-client';
import { BoundCounter, type CounterSeries } from './bound-counter.js';
import { BoundHistogram } from './bound-histogram.js';

/** Label value for requests that name no configured endpoint (keeps label cardinality bounded). */
export const UNKNOWN_ENDPOINT = '(none)';

const OVERHEAD_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The metric children of one endpoint, bound once at config load so requests never build label sets. */
export interface EndpointMetrics {
  request(status: number): void;
  overhead(seconds: number): void;
  upstream(seconds: number): void;
  timeToFirstToken(seconds: number): void;
  tokens(promptTokens: number | undefined, completionTokens: number | undefined): void;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  forEndpoint(endpoint: string, provider: string): EndpointMetrics;
  /** Requests answered before any endpoint was chosen (404, 422 on `/v1/*`, …). */
  unboundRequest(status: number): void;
  configReload(result: 'applied' | 'rejected'): void;
}

/**
 * Prometheus metrics in a Registry of the app's own: requests by endpoint, provider and status;
 * gateway overhead and upstream latency histograms; time to the first streamed chunk; token usage.
 */
export function createGatewayMetrics(registry: Registry = new Registry()): GatewayMetrics {
  const requests = new BoundCounter({
    name: 'millrace_gateway_requests_total',
    help: 'Requests answered, by endpoint, provider and HTTP status.',
    labelNames: ['endpoint', 'provider', 'status'],
    registers: [registry],
  });
  const overhead = new BoundHistogram({
    name: 'millrace_gateway_overhead_seconds',
    help: 'Time spent in the gateway itself (total minus upstream time).',
    labelNames: ['endpoint'],
    buckets: OVERHEAD_BUCKETS,
    registers: [registry],
  });
  const upstream = new BoundHistogram({
    name: 'millrace_gateway_upstream_duration_seconds',
    help: 'Upstream time: until the whole answer (non-streaming) or its headers (streaming) arrived.',
    labelNames: ['endpoint', 'provider'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const firstToken = new BoundHistogram({
    name: 'millrace_gateway_time_to_first_token_seconds',
    help: 'Streaming: time from the request to the first chunk sent to the client.',
    labelNames: ['endpoint', 'provider'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const tokens = new BoundCounter({
    name: 'millrace_gateway_tokens_total',
    help: 'Tokens reported by upstreams, by kind (prompt, completion).',
    labelNames: ['endpoint', 'provider', 'kind'],
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'millrace_gateway_config_reloads_total',
    help: 'Config reloads, by result.',
    labelNames: ['result'],
    registers: [registry],
  });

  const unbound = new Map<number, CounterSeries>();
  return {
    registry,
    forEndpoint(endpoint, provider) {
      const byStatus = new Map<number, CounterSeries>();
      const overheadChild = overhead.labels(endpoint);
      const upstreamChild = upstream.labels(endpoint, provider);
      const firstTokenChild = firstToken.labels(endpoint, provider);
      const promptTokens = tokens.labels(endpoint, provider, 'prompt');
      const completionTokens = tokens.labels(endpoint, provider, 'completion');
      return {
        request(status) {
          let child = byStatus.get(status);
          if (child === undefined) {
            child = requests.labels(endpoint, provider, String(status));
            byStatus.set(status, child);
          }
          child.inc();
        },
        overhead: (seconds) => overheadChild.observe(seconds),
        upstream: (seconds) => upstreamChild.observe(seconds),
        timeToFirstToken: (seconds) => firstTokenChild.observe(seconds),
        tokens(prompt, completion) {
          if (prompt !== undefined && prompt > 0) promptTokens.inc(prompt);
          if (completion !== undefined && completion > 0) completionTokens.inc(completion);
        },
      };
    },
    unboundRequest(status) {
      let child = unbound.get(status);
      if (child === undefined) {
        child = requests.labels(UNKNOWN_ENDPOINT, UNKNOWN_ENDPOINT, String(status));
        unbound.set(status, child);
      }
      child.inc();
    },
    configReload: (result) => reloads.labels(result).inc(),
  };
}
