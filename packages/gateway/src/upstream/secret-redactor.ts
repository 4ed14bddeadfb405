import { REDACTED_TEXT } from '../config/secret.js';

export type Redactor = <T>(value: T) => T;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes secret values from upstream text before it reaches a client or a log: every occurrence
 * of a secret inside any string of a JSON value becomes `[REDACTED]`. Upstreams echo keys (OpenAI's
 * 401 message quotes a masked key, self-hosted servers sometimes the full header).
 */
export function createSecretRedactor(secrets: readonly string[]): Redactor {
  const usable = secrets.filter((secret) => secret.length >= 4);
  if (usable.length === 0) return (value) => value;
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'g');
  const redactText = (text: string): string => text.replace(pattern, REDACTED_TEXT);
  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) return value.map(redact);
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = redact(item);
      return copy;
    }
    return value;
  };
  return redact as Redactor;
}
