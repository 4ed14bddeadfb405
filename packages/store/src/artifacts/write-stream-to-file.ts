import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface WrittenFile {
  /** Bytes written. */
  size: number;
  /** Hex MD5 of the bytes (S3 computes its entity tags the same way). */
  md5: string;
}

/**
 * Streams a body into a new file (`wx`: an existing file or link at that name is an error, never
 * followed). On failure the partial file is removed and the error rethrown.
 */
export async function writeStreamToFile(body: Readable, filePath: string): Promise<WrittenFile> {
  const hash = createHash('md5');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(body, measure, createWriteStream(filePath, { flags: 'wx' }));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  return { size, md5: hash.digest('hex') };
}
