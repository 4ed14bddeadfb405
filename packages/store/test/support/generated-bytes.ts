import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const BLOCK_BYTES = 64 * 1024;

function baseBlock(seed: string): Buffer {
  const block = Buffer.alloc(BLOCK_BYTES);
  let offset = 0;
  let counter = 0;
  while (offset < BLOCK_BYTES) {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    offset += digest.copy(block, offset);
  }
  return block;
}

/** The blocks of a generated body: the seed's block with the block index in its first bytes. */
function* blocks(size: number, seed: string): Generator<Buffer> {
  const base = baseBlock(seed);
  for (let index = 0, offset = 0; offset < size; index++, offset += BLOCK_BYTES) {
    const block = Buffer.from(base.subarray(0, Math.min(BLOCK_BYTES, size - offset)));
    if (block.length >= 4) block.writeUInt32BE(index, 0);
    yield block;
  }
}

/**
 * A body of `size` pseudo-random bytes generated block by block (never held whole in memory); the
 * same size and seed always give the same bytes.
 */
export function generatedBody(size: number, seed = 'millrace'): Readable {
  return Readable.from(blocks(size, seed), { objectMode: false });
}

/** The SHA-256 (hex) of `generatedBody(size, seed)`. */
export function generatedBodySha256(size: number, seed = 'millrace'): string {
  const hash = createHash('sha256');
  for (const block of blocks(size, seed)) hash.update(block);
  return hash.digest('hex');
}

/** The SHA-256 (hex) and length of a stream, read to its end. */
export async function digestStream(
  stream: AsyncIterable<unknown>,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    size += buffer.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A stream's bytes as text (small streams only). */
export async function streamText(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A stream that yields some bytes and then fails, as an aborted upload does. */
export function failingBody(bytesBeforeFailure: number): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.alloc(bytesBeforeFailure, 0x61);
      throw new Error('upload interrupted');
    })(),
  );
}
