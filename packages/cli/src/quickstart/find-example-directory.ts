import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '@millrace/core';

/** The repository's custom LLM example (examples/custom-llm), found from this file or the working directory. */
export function findExampleDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    resolve(here, '../../../../examples/custom-llm'),
    resolve('examples/custom-llm'),
  ]) {
    if (existsSync(join(candidate, 'model.ts'))) return candidate;
  }
  throw new MillraceError(
    'RESOURCE_DOES_NOT_EXIST',
    'The quickstart needs the examples/custom-llm folder of the Millrace repository; run it from a clone, or pass --llm-model <model directory>.',
  );
}
