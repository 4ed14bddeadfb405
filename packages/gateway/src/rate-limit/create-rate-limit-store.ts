import { createMemoryRateLimitStore } from './memory-rate-limit-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { createRedisRateLimitStore } from './redis-rate-limit-store.js';

/**
 * A store from a storage URI, like MLflow's `MLFLOW_GATEWAY_RATE_LIMITS_STORAGE_URI`:
 * `memory://` (default) or `redis://…` / `rediss://…`.
 */
export function createRateLimitStore(
  uri = 'memory://',
  options: { keyPrefix?: string } = {},
): RateLimitStore {
  const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
  if (scheme === 'memory') return createMemoryRateLimitStore();
  if (scheme === 'redis' || scheme === 'rediss')
    return createRedisRateLimitStore({ url: uri, keyPrefix: options.keyPrefix });
  throw new TypeError(`Unsupported rate-limit storage "${scheme}:": use memory:// or redis://host:port.`);
}
