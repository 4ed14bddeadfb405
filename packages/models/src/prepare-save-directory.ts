import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { MillraceError } from '@millrace/core';

/**
 * Creates the directory a model is saved to; refuses one that exists and is not empty, like
 * MLflow. Returns a function that removes what a failed save left behind.
 */
export async function prepareSaveDirectory(directory: string): Promise<() => Promise<void>> {
  const existed = existsSync(directory);
  if (existed && (!statSync(directory).isDirectory() || (await readdir(directory)).length > 0)) {
    throw new MillraceError('RESOURCE_ALREADY_EXISTS', `Path '${directory}' already exists and is not empty`);
  }
  await mkdir(directory, { recursive: true });
  return async () => {
    if (existed) {
      for (const entry of await readdir(directory)) {
        await rm(path.join(directory, entry), { recursive: true, force: true });
      }
    } else {
      await rm(directory, { recursive: true, force: true });
    }
  };
}
