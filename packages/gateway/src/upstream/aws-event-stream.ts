/**
 * AWS's binary event-stream framing (`application/vnd.amazon.eventstream`, Bedrock's
 * ConverseStream and InvokeModelWithResponseStream), parsed by hand. A message is:
 *
 * | bytes | field |
 * |---|---|
 * | 4 | total length (big-endian, the whole message) |
 * | 4 | headers length |
 * | 4 | prelude CRC-32 (of the 8 bytes above) |
 * | n | headers: name length (1), name (UTF-8), value type (1), value |
 * | m | payload |
 * | 4 | message CRC-32 (of everything before it) |
 *
 * Header value types: 0 true, 1 false, 2 byte, 3 short, 4 integer, 5 long, 6 byte array (2-byte
 * length), 7 string (2-byte length, UTF-8), 8 timestamp (long, milliseconds), 9 UUID (16 bytes).
 */

export type AwsEventStreamHeaderValue = boolean | number | bigint | string | Uint8Array | Date;

export interface AwsEventStreamMessage {
  headers: Record<string, AwsEventStreamHeaderValue>;
  payload: Uint8Array;
}

/** The framing is broken (checksum, lengths, header types) or the stream ended inside a message. */
export class AwsEventStreamError extends Error {
  override readonly name = 'AwsEventStreamError';
}

const PRELUDE_LENGTH = 8;
const PRELUDE_WITH_CRC_LENGTH = 12;
const MINIMUM_MESSAGE_LENGTH = 16;
/** AWS's limits: 16 MiB per message, 128 KiB of headers. */
const MAXIMUM_MESSAGE_LENGTH = 16 * 1024 * 1024;
const MAXIMUM_HEADERS_LENGTH = 128 * 1024;

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index += 1) {
    let value = index;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320: the one of zlib and of the event-stream format). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let index = start; index < end; index += 1) {
    crc = CRC32_TABLE[(crc ^ bytes[index]!) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function uuidOf(bytes: Uint8Array): string {
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** Reads the headers section of one message. */
export function parseAwsEventStreamHeaders(bytes: Uint8Array): Record<string, AwsEventStreamHeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headers: Record<string, AwsEventStreamHeaderValue> = {};
  let offset = 0;
  const need = (count: number): void => {
    if (offset + count > bytes.length)
      throw new AwsEventStreamError('a header runs past the headers section');
  };
  while (offset < bytes.length) {
    need(1);
    const nameLength = view.getUint8(offset);
    offset += 1;
    if (nameLength === 0) throw new AwsEventStreamError('a header has an empty name');
    need(nameLength + 1);
    const name = utf8.decode(bytes.subarray(offset, offset + nameLength));
    offset += nameLength;
    const type = view.getUint8(offset);
    offset += 1;
    let value: AwsEventStreamHeaderValue;
    switch (type) {
      case 0:
        value = true;
        break;
      case 1:
        value = false;
        break;
      case 2:
        need(1);
        value = view.getInt8(offset);
        offset += 1;
        break;
      case 3:
        need(2);
        value = view.getInt16(offset);
        offset += 2;
        break;
      case 4:
        need(4);
        value = view.getInt32(offset);
        offset += 4;
        break;
      case 5:
        need(8);
        value = view.getBigInt64(offset);
        offset += 8;
        break;
      case 6:
      case 7: {
        need(2);
        const length = view.getUint16(offset);
        offset += 2;
        need(length);
        const raw = new Uint8Array(bytes.subarray(offset, offset + length));
        offset += length;
        value = type === 6 ? raw : utf8.decode(raw);
        break;
      }
      case 8:
        need(8);
        value = new Date(Number(view.getBigInt64(offset)));
        offset += 8;
        break;
      case 9:
        need(16);
        value = uuidOf(bytes.subarray(offset, offset + 16));
        offset += 16;
        break;
      default:
        throw new AwsEventStreamError(`header ${JSON.stringify(name)} has an unknown value type ${type}`);
    }
    headers[name] = value;
  }
  return headers;
}

/** Reads one complete message (exactly `total length` bytes), checking both checksums. */
export function parseAwsEventStreamMessage(bytes: Uint8Array): AwsEventStreamMessage {
  if (bytes.length < MINIMUM_MESSAGE_LENGTH) throw new AwsEventStreamError('a message is too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totalLength = view.getUint32(0);
  const headersLength = view.getUint32(4);
  if (crc32(bytes, 0, PRELUDE_LENGTH) !== view.getUint32(PRELUDE_LENGTH)) {
    throw new AwsEventStreamError('the prelude checksum does not match');
  }
  if (totalLength !== bytes.length) throw new AwsEventStreamError('the message length does not match');
  if (headersLength > totalLength - MINIMUM_MESSAGE_LENGTH) {
    throw new AwsEventStreamError('the headers length exceeds the message');
  }
  if (crc32(bytes, 0, totalLength - 4) !== view.getUint32(totalLength - 4)) {
    throw new AwsEventStreamError('the message checksum does not match');
  }
  const headersEnd = PRELUDE_WITH_CRC_LENGTH + headersLength;
  return {
    headers: parseAwsEventStreamHeaders(bytes.subarray(PRELUDE_WITH_CRC_LENGTH, headersEnd)),
    payload: new Uint8Array(bytes.subarray(headersEnd, totalLength - 4)),
  };
}

function checkPrelude(buffer: Uint8Array): number {
  const view = new DataView(buffer.buffer, buffer.byteOffset, PRELUDE_WITH_CRC_LENGTH);
  if (crc32(buffer, 0, PRELUDE_LENGTH) !== view.getUint32(PRELUDE_LENGTH)) {
    throw new AwsEventStreamError('the prelude checksum does not match');
  }
  const totalLength = view.getUint32(0);
  const headersLength = view.getUint32(4);
  if (totalLength < MINIMUM_MESSAGE_LENGTH || totalLength > MAXIMUM_MESSAGE_LENGTH) {
    throw new AwsEventStreamError(`a message declares an impossible length (${totalLength} bytes)`);
  }
  if (headersLength > MAXIMUM_HEADERS_LENGTH || headersLength > totalLength - MINIMUM_MESSAGE_LENGTH) {
    throw new AwsEventStreamError(`a message declares an impossible headers length (${headersLength} bytes)`);
  }
  return totalLength;
}

/**
 * The messages of an event-stream body; chunks may split messages anywhere. The prelude is checked
 * before waiting for the rest of a message, so a corrupt length never makes the reader buffer
 * megabytes. Throws AwsEventStreamError for broken framing and for a body ending inside a message.
 */
export async function* readAwsEventStream(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<AwsEventStreamMessage> {
  let buffer = new Uint8Array(0);
  let expected: number | undefined;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const joined = new Uint8Array(buffer.length + chunk.length);
    joined.set(buffer, 0);
    joined.set(chunk, buffer.length);
    buffer = joined;
    for (;;) {
      if (expected === undefined) {
        if (buffer.length < PRELUDE_WITH_CRC_LENGTH) break;
        expected = checkPrelude(buffer);
      }
      if (buffer.length < expected) break;
      const message = parseAwsEventStreamMessage(buffer.subarray(0, expected));
      buffer = buffer.slice(expected);
      expected = undefined;
      yield message;
    }
  }
  if (buffer.length > 0) throw new AwsEventStreamError('the stream ended inside a message');
}
