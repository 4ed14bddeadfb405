import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { serializeJson } from '../src/response/serialize-json.js';

describe('serializeJson', () => {
  it('writes plain JSON data exactly as JSON.stringify does', () => {
    const value = { a: [1, 2.5, 'x', null, true], b: { c: 'é☃' } };
    expect(serializeJson(value)).toBe(JSON.stringify(value));
  });

  it('writes NaN and ±Infinity as null, so the answer is valid JSON', () => {
    expect(serializeJson([Number.NaN, Infinity, -Infinity, 1])).toBe('[null,null,null,1]');
  });

  it('writes Dates as ISO strings', () => {
    expect(serializeJson({ when: new Date('2024-01-02T03:04:05Z') })).toBe(
      '{"when":"2024-01-02T03:04:05.000Z"}',
    );
  });

  it('writes Buffers, Uint8Arrays and ArrayBuffers as base64 without line breaks', () => {
    const long = Buffer.alloc(100, 7);
    const text = serializeJson({
      a: Buffer.from('hello'),
      b: new Uint8Array([0, 1, 2]),
      c: long,
      d: new Uint8Array([104, 105]).buffer,
    });
    expect(JSON.parse(text)).toEqual({ a: 'aGVsbG8=', b: 'AAEC', c: long.toString('base64'), d: 'aGk=' });
    expect(text).not.toContain('\\n');
  });

  it('writes a top-level Buffer as a base64 string', () => {
    expect(serializeJson(Buffer.from('hello'))).toBe('"aGVsbG8="');
  });

  it('writes typed arrays and Sets as arrays, Maps as objects', () => {
    const value = {
      floats: new Float32Array([0.5, 1.5]),
      ints: new Int32Array([1, -2]),
      big: new BigInt64Array([1n, 2n ** 60n]),
      set: new Set(['a', 'b']),
      map: new Map<string, unknown>([['k', new Float64Array([1])]]),
    };
    expect(JSON.parse(serializeJson(value))).toEqual({
      floats: [0.5, 1.5],
      ints: [1, -2],
      big: [1, (2n ** 60n).toString()],
      set: ['a', 'b'],
      map: { k: [1] },
    });
  });

  it('writes bigints as numbers when safe, else as decimal strings', () => {
    expect(serializeJson({ small: 42n, large: 2n ** 64n })).toBe(
      '{"small":42,"large":"18446744073709551616"}',
    );
  });

  it('writes undefined as null', () => {
    expect(serializeJson(undefined)).toBe('null');
  });

  it('turns an output with a cycle into INTERNAL_ERROR instead of crashing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    try {
      serializeJson(cyclic);
      expect.unreachable();
    } catch (error) {
      expect(MillraceError.isInstance(error)).toBe(true);
      expect((error as MillraceError).errorCode).toBe('INTERNAL_ERROR');
      expect((error as MillraceError).message).toMatch(/^The model output could not be serialised as JSON: /);
    }
  });

  it('handles special values deep inside large outputs', () => {
    const rows = Array.from({ length: 1000 }, (_unused, index) => ({ index, scores: [index, index / 2] }));
    const value = [...rows, { tail: new Uint8Array([255]) }];
    const parsed = JSON.parse(serializeJson(value)) as unknown[];
    expect(parsed).toHaveLength(1001);
    expect(parsed[1000]).toEqual({ tail: '/w==' });
  });
});
