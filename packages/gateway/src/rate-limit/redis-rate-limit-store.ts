import { Redis } from 'ioredis';
import type { RateLimitHit, RateLimitStore } from './rate-limit-store.js';

/** INCR, start the window's expiry on its first hit, return count and remaining time: atomic in Redis. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

export interface RedisRateLimitStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`); ignored when `client` is given. */
  url?: string;
  /** An existing ioredis client; the store does not close it. */
  client?: Redis;
  /** Prefix of every key (lets tests and tenants share a Redis). Default `millrace:gateway:ratelimit:`. */
  keyPrefix?: string;
}

type HitCommand = (key: string, windowMs: number) => Promise<[number, number]>;

/**
 * Counters in Redis, shared by every gateway process that uses the same Redis and prefix: one Lua
 * script per hit (INCR + PEXPIRE on the first hit of a window), so concurrent gateways never lose
 * or double a count.
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const ownsClient = options.client === undefined;
  if (options.client === undefined && options.url === undefined) {
    throw new TypeError('createRedisRateLimitStore needs a url or a client.');
  }
  const client = options.client ?? new Redis(options.url!, { maxRetriesPerRequest: 2, commandTimeout: 1000 });
  // Connection errors surface as failed hits, which the rate limiter logs (throttled); without a
  // listener ioredis would print every reconnection failure.
  if (ownsClient) client.on('error', () => undefined);
  const prefix = options.keyPrefix ?? 'millrace:gateway:ratelimit:';
  client.defineCommand('millraceRateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const hitCommand = (client as unknown as { millraceRateLimitHit: HitCommand }).millraceRateLimitHit.bind(
    client,
  );
  return {
    async hit(key: string, windowMs: number): Promise<RateLimitHit> {
      const [count, ttl] = await hitCommand(`${prefix}${key}`, windowMs);
      return { count: Number(count), resetInMs: Math.max(0, Number(ttl)) };
    },
    async close() {
      if (ownsClient) await client.quit().catch(() => client.disconnect());
    },
  };
}
