import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../src/http/lossless-json.js';
import { serializeWireJson } from '../src/http/wire-json.js';

describe('parseLosslessJson', () => {
  it('keeps integers beyond 2^53 exact as bigints and safe ones as numbers', () => {
    const parsed = parseLosslessJson(
      '{"step": 9223372036854775807, "big": 9007199254740993, "safe": 9007199254740991}',
    );
    expect(parsed).toEqual({ step: 9223372036854775807n, big: 9007199254740993n, safe: 9007199254740991 });
  });

  it('reads long fractions, exponents and negative integers as numbers', () => {
    expect(parseLosslessJson('[0.12345678901234567890, 1e308, -12345678901234567890, 5e-324]')).toEqual([
      0.12345678901234568,
      1e308,
      -12345678901234567890n,
      5e-324,
    ]);
  });

  it("accepts Python's bare NaN, Infinity and -Infinity tokens", () => {
    const parsed = parseLosslessJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": "NaN"}') as Record<
      string,
      unknown
    >;
    expect(parsed.a).toBeNaN();
    expect(parsed.b).toBe(Infinity);
    expect(parsed.c).toBe(-Infinity);
    expect(parsed.d).toBe('NaN');
  });

  it('decodes string escapes and nested values on the lossless path', () => {
    const parsed = parseLosslessJson(
      '{"k\\"ey": ["\\u00e9\\n", {"n": null, "t": true, "f": false}], "x": 12345678901234567}',
    );
    expect(parsed).toEqual({ 'k"ey': ['é\n', { n: null, t: true, f: false }], x: 12345678901234567n });
  });

  it('does not let "__proto__" keys change the prototype', () => {
    const parsed = parseLosslessJson('{"__proto__": {"polluted": 1}, "n": 12345678901234567}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'n']);
  });

  it('throws SyntaxError on malformed text on both paths', () => {
    for (const text of ['{bad', '{"a": 1,}', '[1 2]', '{"a": 12345678901234567', 'Nan', '"open']) {
      expect(() => parseLosslessJson(text), text).toThrow(SyntaxError);
    }
  });
});

describe('serializeWireJson', () => {
  it('writes bigints with all their digits and non-finite doubles as strings', () => {
    const text = serializeWireJson({
      step: 9223372036854775807n,
      nan: Number.NaN,
      inf: Infinity,
      ninf: -Infinity,
      max: 1.7976931348623157e308,
    });
    expect(text).toBe(
      '{"step":9223372036854775807,"nan":"NaN","inf":"Infinity","ninf":"-Infinity","max":1.7976931348623157e+308}',
    );
  });

  it('leaves out undefined fields and keeps empty objects', () => {
    expect(serializeWireJson({ a: undefined, b: {}, c: [1, 'x', true, null] })).toBe(
      '{"b":{},"c":[1,"x",true,null]}',
    );
  });

  it('round-trips through parseLosslessJson', () => {
    const value = {
      metrics: [{ key: 'm"\\', value: 0.1, timestamp: 1700000000000, step: 9007199254740993n }],
    };
    expect(parseLosslessJson(serializeWireJson(value))).toEqual(value);
  });
});
