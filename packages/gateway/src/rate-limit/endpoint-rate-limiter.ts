import type { GatewayLogger } from '../gateway-logger.js';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { CompiledEndpoint } from '../runtime/compiled-endpoint.js';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store.js';

const STORE_FAILURE_LOG_INTERVAL_MS = 10_000;

export interface EndpointRateLimiter {
  /** Counts a request of `client` on the endpoint; throws a 429 GatewayHttpError past the limit. */
  check(endpoint: CompiledEndpoint, client: string): Promise<void>;
}

function limitExceeded(description: string, hit: RateLimitHit): GatewayHttpError {
  const message = `Rate limit exceeded: ${description}`;
  return new GatewayHttpError(429, 'REQUEST_LIMIT_EXCEEDED', message, {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(hit.resetInMs / 1000))) },
    mlflowBody: { error: message },
  });
}

/**
 * Applies endpoint limits, keyed like MLflow by endpoint and client IP, but with one counter per
 * endpoint whatever the route (`/endpoints`, `/gateway` and `/v1/*` all count; MLflow counts the
 * first two separately and never limits `/v1/*`). If the store fails (Redis down), requests pass
 * and the failure is logged at most every 10 s: a rate limiter must not take the gateway down.
 */
export function createEndpointRateLimiter(store: RateLimitStore, logger: GatewayLogger): EndpointRateLimiter {
  let lastFailureLog = 0;
  return {
    async check(endpoint, client) {
      const limit = endpoint.limit;
      if (limit === null) return;
      let hit: RateLimitHit;
      try {
        hit = await store.hit(`${endpoint.name}:${client}`, limit.period.windowMs);
      } catch (error) {
        const now = Date.now();
        if (now - lastFailureLog >= STORE_FAILURE_LOG_INTERVAL_MS) {
          lastFailureLog = now;
          logger.warn(`rate-limit store failed; requests pass unlimited until it recovers: ${String(error)}`);
        }
        return;
      }
      if (hit.count > limit.calls) throw limitExceeded(limit.description, hit);
    },
  };
}
