import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary directory, removed when the test file ends. */
export function createTemporaryDirectory(prefix = 'millrace-tiny-models-'): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
