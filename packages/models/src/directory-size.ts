import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Total size in bytes of the files under a directory (MLmodel `model_size_bytes`). */
export async function directorySize(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      total += await directorySize(entryPath);
    } else {
      total += (await lstat(entryPath)).size;
    }
  }
  return total;
}
