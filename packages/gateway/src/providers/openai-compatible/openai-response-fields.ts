/** Small readers for fields of OpenAI-shaped upstream answers (minimal schema: absent means null). */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `created` as sent, or now (seconds) when the upstream sent none. */
export function createdOrNow(value: unknown): number {
  return typeof value === 'number' ? value : Math.floor(Date.now() / 1000);
}
