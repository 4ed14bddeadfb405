import { Transform, type TransformCallback } from 'node:stream';

type DecoderState = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

const MAXIMUM_LINE_BYTES = 8192;

/**
 * Decodes an `aws-chunked` request body (`Content-Encoding: aws-chunked`, what the AWS SDK sends
 * for streamed uploads with trailing checksums): `<hex size>[;extensions]\r\n<bytes>\r\n` chunks,
 * a `0` chunk, then `name:value` trailer lines and an empty line. Passes the payload bytes through
 * and keeps the trailers; a malformed or truncated body is an error.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  #buffer: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #state: DecoderState = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    try {
      this.#drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#state === 'done' ? null : new Error(`aws-chunked body ended in state '${this.#state}'.`));
  }

  #drain(): void {
    for (;;) {
      if (this.#state === 'data') {
        if (this.#buffer.length === 0) return;
        const take = Math.min(this.#remaining, this.#buffer.length);
        this.push(this.#buffer.subarray(0, take));
        this.#buffer = this.#buffer.subarray(take);
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'data-end';
        continue;
      }
      if (this.#state === 'done') {
        if (this.#buffer.length > 0) throw new Error('aws-chunked body has data after its final chunk.');
        return;
      }
      const lineEnd = this.#buffer.indexOf('\r\n');
      if (lineEnd === -1) {
        if (this.#buffer.length > MAXIMUM_LINE_BYTES) throw new Error('aws-chunked line too long.');
        return;
      }
      const line = this.#buffer.subarray(0, lineEnd).toString('latin1');
      this.#buffer = this.#buffer.subarray(lineEnd + 2);
      this.#readLine(line);
    }
  }

  #readLine(line: string): void {
    switch (this.#state) {
      case 'data-end':
        if (line !== '') throw new Error('aws-chunked chunk is longer than its declared size.');
        this.#state = 'size';
        return;
      case 'size': {
        const sizeText = line.split(';', 1)[0] ?? '';
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`Malformed aws-chunked size line '${line}'.`);
        const size = Number.parseInt(sizeText, 16);
        if (size === 0) {
          this.#state = 'trailer';
        } else {
          this.#remaining = size;
          this.#state = 'data';
        }
        return;
      }
      case 'trailer': {
        if (line === '') {
          this.#state = 'done';
          return;
        }
        const colon = line.indexOf(':');
        if (colon <= 0) throw new Error(`Malformed aws-chunked trailer '${line}'.`);
        this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        return;
      }
      default:
        throw new Error(`Unexpected aws-chunked line in state '${this.#state}'.`);
    }
  }
}
