import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { writeStreamToFile } from './write-stream-to-file.js';

export interface SpooledFile {
  path: string;
  size: number;
  dispose(): Promise<void>;
}

/** Streams a body of unknown length into a temporary file, to learn its length without holding it in memory. */
export async function spoolToTemporaryFile(body: Readable): Promise<SpooledFile> {
  const directory = await mkdtemp(path.join(tmpdir(), 'millrace-spool-'));
  const file = path.join(directory, 'body');
  try {
    const written = await writeStreamToFile(body, file);
    return { path: file, size: written.size, dispose: () => rm(directory, { recursive: true, force: true }) };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
