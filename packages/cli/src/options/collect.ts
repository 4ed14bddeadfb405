import { InvalidArgumentError } from 'commander';

/** For repeatable options: collects every value into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses repeated `name=value` pairs into an object; names must be unique. */
export function namedValues(pairs: string[], option: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (separator <= 0 || name === '' || value === '') {
      throw new InvalidArgumentError(`${option} takes name=value, got '${pair}'.`);
    }
    if (name in result) throw new InvalidArgumentError(`${option} '${name}' is given twice.`);
    result[name] = value;
  }
  return result;
}
