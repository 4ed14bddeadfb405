import { describe, expect, it } from 'vitest';
import { parseServerSentEvents } from '../src/deployments/server-sent-events.js';

async function collect(pieces: string[]): Promise<unknown[]> {
  async function* source() {
    for (const piece of pieces) yield new TextEncoder().encode(piece);
  }
  const events: unknown[] = [];
  for await (const event of parseServerSentEvents(source())) events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('parses events split across chunks, CRLF lines and multi-line data', async () => {
    expect(
      await collect(['data: {"a"', ':1}\n', '\ndata: {"b":2}\r\n\r\n', 'data: [1,\ndata: 2]\n\n']),
    ).toEqual([{ a: 1 }, { b: 2 }, [1, 2]]);
  });

  it('ignores comments and other fields, and stops at [DONE]', async () => {
    expect(
      await collect([
        ': keep-alive\n\nevent: message\nid: 3\ndata: {"x":1}\n\ndata: [DONE]\n\ndata: {"y":2}\n\n',
      ]),
    ).toEqual([{ x: 1 }]);
  });

  it('delivers a last event without a trailing blank line', async () => {
    expect(await collect(['data: {"x":1}\n\ndata: {"y":2}'])).toEqual([{ x: 1 }, { y: 2 }]);
  });

  it('throws an error event and data that is not JSON', async () => {
    await expect(collect(['data: {"error":{"message":"upstream failed","type":"X"}}\n\n'])).rejects.toThrow(
      'The stream failed: upstream failed',
    );
    await expect(collect(['data: not json\n\n'])).rejects.toThrow('not JSON');
  });
});
