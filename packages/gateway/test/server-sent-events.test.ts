import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from '../src/upstream/server-sent-events.js';

async function parse(chunks: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const event of readServerSentEvents(source())) events.push(event);
  return events;
}

/** Every way of cutting `bytes` in two. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  return Array.from({ length: bytes.length + 1 }, (_value, index) => [
    bytes.slice(0, index),
    bytes.slice(index),
  ]);
}

describe('readServerSentEvents', () => {
  it('reads data lines with and without the space, skips comments and joins multi-line data', async () => {
    expect(
      await parse([
        ': keep-alive\n\ndata:{"a":1}\n\ndata: {"b":\ndata: 2}\n\nevent: error\ndata: boom\n\ndata: [DONE]\n\n',
      ]),
    ).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '{"b":\n2}' },
      { event: 'error', data: 'boom' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('gives the same events wherever the stream is cut, CRLF and multi-byte characters included', async () => {
    const bytes = new TextEncoder().encode(
      'data: {"text":"héllo 👋"}\r\n\r\ndata: second\r\rdata: third\n\n',
    );
    const expected = [
      { event: undefined, data: '{"text":"héllo 👋"}' },
      { event: undefined, data: 'second' },
      { event: undefined, data: 'third' },
    ];
    for (const chunks of splits(bytes)) expect(await parse(chunks)).toEqual(expected);
  });

  it('dispatches an event still pending when the stream ends cleanly', async () => {
    expect(await parse(['data: one\n\ndata: last'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: 'last' },
    ]);
    expect(await parse(['\n\n\n'])).toEqual([]);
  });
});
