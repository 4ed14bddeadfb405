/**
 * The message of an error as one readable line or a few: no stack frames, so it can go into a
 * MillraceError that reaches API clients.
 */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
