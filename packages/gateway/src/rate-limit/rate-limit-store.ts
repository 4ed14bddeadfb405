/** The count of a fixed window after one more hit. */
export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetInMs: number;
}

/**
 * Where rate-limit counters live. Fixed windows as in MLflow (the `limits` library): a window
 * starts at its first hit and lasts `windowMs`. The in-memory store counts per process; the Redis
 * store shares counters between gateway processes and replicas.
 */
export interface RateLimitStore {
  /** Counts one hit for `key` and returns the window's count. */
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
  close(): Promise<void>;
}
