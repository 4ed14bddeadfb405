import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { awsEventStreamDecoder } from '../src/upstream/aws-event-stream-decoder.js';
import {
  type AwsEventStreamMessage,
  AwsEventStreamError,
  crc32,
  parseAwsEventStreamMessage,
  readAwsEventStream,
} from '../src/upstream/aws-event-stream.js';
import { GatewayHttpError } from '../src/index.js';
import {
  converseEvent,
  converseException,
  encodeEventStreamMessage,
} from './support/aws-event-stream-encoder.js';

async function* from(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function readAll(chunks: Uint8Array[]): Promise<AwsEventStreamMessage[]> {
  const messages: AwsEventStreamMessage[] = [];
  for await (const message of readAwsEventStream(from(chunks))) messages.push(message);
  return messages;
}

function text(payload: Uint8Array): string {
  return new TextDecoder().decode(payload);
}

describe('crc32', () => {
  it('matches zlib on the check value and on random data', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = new Uint8Array(4096).map((_value, index) => (index * 7919 + 13) & 0xff);
    expect(crc32(data)).toBe(zlibCrc32(data));
    expect(crc32(data, 100, 300)).toBe(zlibCrc32(data.subarray(100, 300)));
  });
});

describe('AWS event-stream parsing', () => {
  it('reads every header type and the payload of a message', () => {
    const bytes = encodeEventStreamMessage(
      {
        yes: { type: 'true' },
        no: { type: 'false' },
        byte: { type: 'byte', value: -5 },
        short: { type: 'short', value: -1234 },
        integer: { type: 'integer', value: 123456789 },
        long: { type: 'long', value: -9007199254740993n },
        bytes: { type: 'bytes', value: new Uint8Array([0, 1, 255]) },
        string: { type: 'string', value: 'héllo' },
        timestamp: { type: 'timestamp', value: new Date('2024-05-06T07:08:09.010Z') },
        uuid: { type: 'uuid', value: '01234567-89ab-cdef-0123-456789abcdef' },
      },
      '{"ok":true}',
    );
    const message = parseAwsEventStreamMessage(bytes);
    expect(message.headers).toEqual({
      yes: true,
      no: false,
      byte: -5,
      short: -1234,
      integer: 123456789,
      long: -9007199254740993n,
      bytes: new Uint8Array([0, 1, 255]),
      string: 'héllo',
      timestamp: new Date('2024-05-06T07:08:09.010Z'),
      uuid: '01234567-89ab-cdef-0123-456789abcdef',
    });
    expect(text(message.payload)).toBe('{"ok":true}');
  });

  it('reads messages split at every possible byte boundary, and several messages in one chunk', async () => {
    const first = converseEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } });
    const second = converseEvent('messageStop', { stopReason: 'end_turn' });
    const stream = Buffer.concat([first, second]);
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const messages = await readAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(messages.map((message) => message.headers[':event-type'])).toEqual([
        'contentBlockDelta',
        'messageStop',
      ]);
      expect(JSON.parse(text(messages[1]!.payload))).toEqual({ stopReason: 'end_turn' });
    }
    const byteByByte = await readAll([...stream].map((byte) => new Uint8Array([byte])));
    expect(byteByByte).toHaveLength(2);
  });

  it('checks the prelude and message checksums, the lengths, and a stream ending inside a message', async () => {
    const good = converseEvent('messageStart', { role: 'assistant' });

    const badPrelude = Buffer.from(good);
    badPrelude.writeUInt8(badPrelude.readUInt8(9) ^ 0xff, 9);
    await expect(readAll([badPrelude])).rejects.toThrow(/prelude checksum/);

    const badMessage = Buffer.from(good);
    badMessage.writeUInt8(badMessage.readUInt8(good.length - 10) ^ 0x01, good.length - 10);
    await expect(readAll([badMessage])).rejects.toThrow(/message checksum/);

    await expect(readAll([good.subarray(0, good.length - 3)])).rejects.toThrow(/ended inside a message/);

    const huge = Buffer.from(good);
    huge.writeUInt32BE(64 * 1024 * 1024, 0);
    huge.writeUInt32BE(zlibCrc32(huge.subarray(0, 8)), 8);
    await expect(readAll([huge])).rejects.toThrow(AwsEventStreamError);
    await expect(readAll([huge])).rejects.toThrow(/impossible length/);

    expect(() => parseAwsEventStreamMessage(good.subarray(0, 10))).toThrow(/too short/);
  });

  it('refuses an unknown header type', () => {
    const message = encodeEventStreamMessage({ a: { type: 'string', value: 'x' } }, '');
    const corrupted = Buffer.from(message);
    corrupted[12 + 1 + 1] = 42;
    corrupted.writeUInt32BE(zlibCrc32(corrupted.subarray(0, corrupted.length - 4)), corrupted.length - 4);
    expect(() => parseAwsEventStreamMessage(corrupted)).toThrow(/unknown value type 42/);
  });
});

describe('AWS event-stream decoder', () => {
  const noRedaction = <T>(value: T): T => value;

  async function decode(chunks: Uint8Array[]): Promise<unknown[]> {
    const events: unknown[] = [];
    for await (const event of awsEventStreamDecoder.decode(from(chunks), noRedaction)) events.push(event);
    return events;
  }

  it('accepts only the event-stream content type', () => {
    expect(awsEventStreamDecoder.accepts('application/vnd.amazon.eventstream')).toBe(true);
    expect(awsEventStreamDecoder.accepts('text/event-stream')).toBe(false);
    expect(awsEventStreamDecoder.accepts(undefined)).toBe(false);
  });

  it('turns events into named JSON events and skips other message types', async () => {
    const other = encodeEventStreamMessage({ ':message-type': { type: 'string', value: 'ping' } }, '');
    expect(
      await decode([
        converseEvent('messageStart', { role: 'assistant' }),
        other,
        converseEvent('messageStop', {}),
      ]),
    ).toEqual([
      { event: 'messageStart', data: { role: 'assistant' } },
      { event: 'messageStop', data: {} },
    ]);
  });

  it('reports exceptions and corrupt framing as 502s', async () => {
    const thrown = await decode([
      converseEvent('messageStart', { role: 'assistant' }),
      converseException('throttlingException', 'Too many tokens, please wait before trying again.'),
    ]).catch((error: unknown) => error);
    expect(GatewayHttpError.isGatewayHttpError(thrown)).toBe(true);
    expect((thrown as GatewayHttpError).httpStatus).toBe(502);
    expect((thrown as GatewayHttpError).message).toBe(
      'The upstream reported an error mid-stream: throttlingException: Too many tokens, please wait before trying again.',
    );
    const corrupt = Buffer.from(converseEvent('messageStart', {}));
    corrupt.writeUInt8(corrupt.readUInt8(5) ^ 1, 5);
    await expect(decode([corrupt])).rejects.toThrow(
      /The upstream's event stream is corrupt: the prelude checksum does not match/,
    );
  });
});
