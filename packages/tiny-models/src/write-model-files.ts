import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The files of a generated model directory, keyed by relative path. */
export type ModelFiles = Record<string, string | Uint8Array>;

/** JSON as Hugging Face writes its config files: two-space indent, trailing newline. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes the files (creating folders) and returns their relative paths, sorted. */
export function writeModelFiles(directory: string, files: ModelFiles): string[] {
  const relativePaths = Object.keys(files).sort();
  for (const relativePath of relativePaths) {
    const target = path.join(directory, relativePath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, files[relativePath] ?? '');
  }
  return relativePaths;
}
