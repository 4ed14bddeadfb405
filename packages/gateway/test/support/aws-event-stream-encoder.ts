import { crc32 } from 'node:zlib';

/** A header value with its wire type (the test encoder writes every type the format has). */
export type EncodedHeader =
  | { type: 'true' }
  | { type: 'false' }
  | { type: 'byte'; value: number }
  | { type: 'short'; value: number }
  | { type: 'integer'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date }
  | { type: 'uuid'; value: string };

function headerBytes(name: string, header: EncodedHeader): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const prefix = Buffer.concat([Buffer.from([nameBytes.length]), nameBytes]);
  let value: Buffer;
  switch (header.type) {
    case 'true':
      value = Buffer.from([0]);
      break;
    case 'false':
      value = Buffer.from([1]);
      break;
    case 'byte':
      value = Buffer.alloc(2);
      value.writeUInt8(2, 0);
      value.writeInt8(header.value, 1);
      break;
    case 'short':
      value = Buffer.alloc(3);
      value.writeUInt8(3, 0);
      value.writeInt16BE(header.value, 1);
      break;
    case 'integer':
      value = Buffer.alloc(5);
      value.writeUInt8(4, 0);
      value.writeInt32BE(header.value, 1);
      break;
    case 'long':
      value = Buffer.alloc(9);
      value.writeUInt8(5, 0);
      value.writeBigInt64BE(header.value, 1);
      break;
    case 'bytes':
    case 'string': {
      const data = header.type === 'bytes' ? Buffer.from(header.value) : Buffer.from(header.value, 'utf8');
      value = Buffer.alloc(3 + data.length);
      value.writeUInt8(header.type === 'bytes' ? 6 : 7, 0);
      value.writeUInt16BE(data.length, 1);
      data.copy(value, 3);
      break;
    }
    case 'timestamp':
      value = Buffer.alloc(9);
      value.writeUInt8(8, 0);
      value.writeBigInt64BE(BigInt(header.value.getTime()), 1);
      break;
    case 'uuid':
      value = Buffer.concat([Buffer.from([9]), Buffer.from(header.value.replace(/-/g, ''), 'hex')]);
      break;
  }
  return Buffer.concat([prefix, value]);
}

/**
 * Encodes one AWS event-stream message (written from the format's description, independently of the
 * parser under test; CRCs from node:zlib).
 */
export function encodeEventStreamMessage(
  headers: Record<string, EncodedHeader>,
  payload: Uint8Array | string,
): Buffer {
  const headerSection = Buffer.concat(
    Object.entries(headers).map(([name, header]) => headerBytes(name, header)),
  );
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const total = 12 + headerSection.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerSection.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const withoutCrc = Buffer.concat([prelude, preludeCrc, headerSection, body]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(withoutCrc), 0);
  return Buffer.concat([withoutCrc, messageCrc]);
}

/** A Bedrock ConverseStream event: `:message-type event`, `:event-type <name>`, JSON payload. */
export function converseEvent(eventType: string, payload: unknown): Buffer {
  return encodeEventStreamMessage(
    {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    JSON.stringify(payload),
  );
}

/** A Bedrock stream exception (`:message-type exception`). */
export function converseException(exceptionType: string, message: string): Buffer {
  return encodeEventStreamMessage(
    {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    JSON.stringify({ message }),
  );
}
