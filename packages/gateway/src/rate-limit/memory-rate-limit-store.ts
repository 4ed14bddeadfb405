import type { RateLimitHit, RateLimitStore } from './rate-limit-store.js';

interface Window {
  count: number;
  endsAt: number;
}

export interface MemoryRateLimitStoreOptions {
  /** How often expired windows are swept. Default 60 s. */
  sweepIntervalMs?: number;
  /** The clock (for tests). Default Date.now. */
  now?: () => number;
}

/** Counters in this process's memory (MLflow's default `memory://`; one set per worker process). */
export function createMemoryRateLimitStore(options: MemoryRateLimitStoreOptions = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const windows = new Map<string, Window>();
  const sweep = setInterval(() => {
    const time = now();
    for (const [key, window] of windows) if (window.endsAt <= time) windows.delete(key);
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();
  return {
    hit(key: string, windowMs: number): RateLimitHit {
      const time = now();
      let window = windows.get(key);
      if (window === undefined || window.endsAt <= time) {
        window = { count: 0, endsAt: time + windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      return { count: window.count, resetInMs: window.endsAt - time };
    },
    async close() {
      clearInterval(sweep);
      windows.clear();
    },
  };
}
