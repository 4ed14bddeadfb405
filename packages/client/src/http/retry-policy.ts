/** How a client retries calls that failed for a passing reason (429, 503, a dropped connection). */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Delay before the first retry, in ms; each further retry multiplies it by `backoffFactor`. */
  initialDelayMs: number;
  backoffFactor: number;
  /** No single wait is longer, whatever the server's Retry-After says. */
  maxDelayMs: number;
}

/**
 * Five retries, 250 ms doubling up to 8 s: at most about 16 s of waiting, where MLflow's Python
 * client (7 retries, factor 2) can stall for minutes.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 5,
  initialDelayMs: 250,
  backoffFactor: 2,
  maxDelayMs: 8000,
};

/** Statuses that say "try again later": rate limited, temporarily unavailable (e.g. a locked database). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** The policy with the given fields, `MLFLOW_HTTP_REQUEST_MAX_RETRIES` applied when no maxRetries is given. */
export function resolveRetryPolicy(
  overrides: Partial<RetryPolicy> = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): RetryPolicy {
  const fromEnvironment = Number.parseInt(environment.MLFLOW_HTTP_REQUEST_MAX_RETRIES ?? '', 10);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(Number.isSafeInteger(fromEnvironment) && fromEnvironment >= 0 ? { maxRetries: fromEnvironment } : {}),
    ...overrides,
  };
  if (!Number.isSafeInteger(policy.maxRetries) || policy.maxRetries < 0) {
    throw new RangeError(`maxRetries must be a non-negative integer, got ${policy.maxRetries}.`);
  }
  return policy;
}

/** Seconds or an HTTP date in a Retry-After header, as ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1-based): exponential backoff with ±20 % jitter, or the
 * server's Retry-After when it asks for longer; never above `maxDelayMs`.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  const exponential = policy.initialDelayMs * policy.backoffFactor ** (retry - 1);
  const jittered = exponential * (0.8 + Math.random() * 0.4);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}
