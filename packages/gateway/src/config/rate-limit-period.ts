const SECONDS_BY_GRANULARITY = {
  second: 1,
  minute: 60,
  hour: 60 * 60,
  day: 60 * 60 * 24,
  month: 60 * 60 * 24 * 30,
  year: 60 * 60 * 24 * 30 * 12,
} as const;

type Granularity = keyof typeof SECONDS_BY_GRANULARITY;

/** `[N] (second|minute|hour|day|month|year)[s]`, case-insensitive: the `limits` library's period grammar. */
const PERIOD = /^\s*(\d+)?\s*(second|minute|hour|day|month|year)s?\s*$/i;

export interface RateLimitPeriod {
  /** The fixed window's length. */
  windowMs: number;
  /** How many granularity units one window is (`5 minutes` → 5). */
  multiples: number;
  granularity: Granularity;
}

/** Parses `renewal_period` (`minute`, `hours`, `5 minutes`, …); undefined when it is not a period. */
export function parseRateLimitPeriod(text: string): RateLimitPeriod | undefined {
  const match = PERIOD.exec(text);
  if (match === null) return undefined;
  const multiples = match[1] === undefined ? 1 : Number(match[1]);
  if (!Number.isSafeInteger(multiples) || multiples < 1) return undefined;
  const granularity = match[2]!.toLowerCase() as Granularity;
  return { windowMs: multiples * SECONDS_BY_GRANULARITY[granularity] * 1000, multiples, granularity };
}

/** slowapi's wording: `Rate limit exceeded: 2 per 1 minute`. */
export function describeRateLimit(calls: number, period: RateLimitPeriod): string {
  return `${calls} per ${period.multiples} ${period.granularity}`;
}
