import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/**
 * Scratch space inside the repository (ignored by git), for model sources that must resolve
 * the workspace's node_modules when they are bundled.
 */
export const IN_REPOSITORY_SCRATCH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../.millrace-tmp',
);

/**
 * Temporary directories removed after each test. `outside` ones live in the OS temp folder,
 * away from the source tree and its node_modules; `inRepository` ones can import workspace packages.
 */
export function useTemporaryDirectories(): {
  outside(prefix?: string): string;
  inRepository(prefix?: string): string;
} {
  const created: string[] = [];
  afterEach(() => {
    for (const directory of created.splice(0)) {
      rmSync(directory, { recursive: true, force: true });
    }
  });
  return {
    outside(prefix = 'millrace-models-') {
      const directory = mkdtempSync(path.join(tmpdir(), prefix));
      created.push(directory);
      return directory;
    },
    inRepository(prefix = 'models-') {
      mkdirSync(IN_REPOSITORY_SCRATCH, { recursive: true });
      const directory = mkdtempSync(path.join(IN_REPOSITORY_SCRATCH, prefix));
      created.push(directory);
      return directory;
    },
  };
}
