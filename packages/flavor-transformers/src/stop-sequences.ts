/** The index where the first stop string starts in `text`, or undefined. */
export function findStop(text: string, stops: readonly string[]): number | undefined {
  let earliest: number | undefined;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index >= 0 && (earliest === undefined || index < earliest)) {
      earliest = index;
    }
  }
  return earliest;
}

/**
 * How many characters at the end of `text` must not be shown yet: a start of a stop string
 * (the next token may complete it) or an unfinished UTF-8 character (decoded as U+FFFD).
 */
export function heldBackLength(text: string, stops: readonly string[]): number {
  let held = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > held; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        held = length;
        break;
      }
    }
  }
  let replacement = 0;
  while (replacement < text.length && text[text.length - 1 - replacement] === '\uFFFD') {
    replacement++;
  }
  return Math.max(held, replacement);
}
