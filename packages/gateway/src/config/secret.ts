import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';

/**
 * A resolved secret (an API key). It prints, logs and serialises as `[REDACTED]` so that a config
 * object can be logged or echoed without leaking; only `reveal()` gives the value, and only the
 * provider that builds the upstream headers calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

export const REDACTED_TEXT = REDACTED;
