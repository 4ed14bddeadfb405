import { readFile } from 'node:fs/promises';
import { MillraceError } from '@millrace/core';

/** Reads and parses a JSON (or, for .yaml/.yml, YAML) file given on the command line. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Cannot read ${what} file '${path}': ${(error as Error).message}`,
    );
  }
  try {
    if (/\.ya?ml$/i.test(path)) {
      const { parse } = await import('yaml');
      return parse(text) as unknown;
    }
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The ${what} file '${path}' is not valid: ${(error as Error).message}`,
    );
  }
}
