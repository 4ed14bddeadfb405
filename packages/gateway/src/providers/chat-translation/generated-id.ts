import { randomUUID } from 'node:crypto';

/** An id for answers of vendors that give none (`chatcmpl-…`), so OpenAI clients always get a string. */
export function generatedId(prefix: string): string {
  return `${prefix}-${randomUUID().replace(/-/g, '')}`;
}
