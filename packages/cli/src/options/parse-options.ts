import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number within bounds. */
export function integerOption(name: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (
      !/^\s*-?\d+\s*$/.test(value) ||
      !Number.isSafeInteger(parsed) ||
      parsed < minimum ||
      parsed > maximum
    ) {
      throw new InvalidArgumentError(
        `${name} must be a whole number from ${minimum} to ${maximum}, got '${value}'.`,
      );
    }
    return parsed;
  };
}

/** A commander argument parser for a positive number (seconds, sizes). */
export function positiveNumberOption(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
      throw new InvalidArgumentError(`${name} must be a positive number, got '${value}'.`);
    }
    return parsed;
  };
}

/** Reads an environment variable as a default for an option, validated by the same parser. */
export function environmentDefault<T>(variable: string, parse: (value: string) => T): T | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  try {
    return parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`${variable}: ${(error as Error).message}`);
  }
}
