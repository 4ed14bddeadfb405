import { describe, expect, it } from 'vitest';
import { convertDataTypeValue, type ValueConversion } from '../src/values/convert-data-type-value.js';
import { decodeBase64 } from '../src/values/decode-base64.js';
import { describeValueType, formatShortValue } from '../src/values/describe-value.js';
import { parseIsoDatetime } from '../src/values/parse-iso-datetime.js';
import { compareCodePoints } from '../src/values/compare-code-points.js';

function reasonOf(conversion: ValueConversion): string {
  return conversion.ok ? 'ok' : conversion.reason;
}

describe('parseIsoDatetime', () => {
  it('reads dates and date-times as UTC', () => {
    expect(parseIsoDatetime('2024-01-02')?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(parseIsoDatetime('2024-01-02T03:04:05')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseIsoDatetime('2024-01-02 03:04:05.123456')?.toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(parseIsoDatetime('2024-01-02T03:04')?.toISOString()).toBe('2024-01-02T03:04:00.000Z');
  });

  it('applies Z and offsets', () => {
    expect(parseIsoDatetime('2024-01-02T03:04:05Z')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseIsoDatetime('2024-01-02T03:04:05+02:00')?.toISOString()).toBe('2024-01-02T01:04:05.000Z');
    expect(parseIsoDatetime('2024-01-02T03:04:05-0130')?.toISOString()).toBe('2024-01-02T04:34:05.000Z');
  });

  it('handles years before 100 and leap days', () => {
    expect(parseIsoDatetime('0099-12-31')?.getUTCFullYear()).toBe(99);
    expect(parseIsoDatetime('2024-02-29')).toBeDefined();
    expect(parseIsoDatetime('2023-02-29')).toBeUndefined();
  });

  it('refuses non-ISO text and impossible values', () => {
    for (const text of [
      'not a date',
      '2024-13-01',
      '2024-01-32',
      '2024-01-02T24:00:00',
      '01/02/2024',
      '1704164645',
      '2024-01-02T03:04:05+25:00',
    ]) {
      expect(parseIsoDatetime(text), text).toBeUndefined();
    }
  });
});

describe('decodeBase64', () => {
  it('decodes padded base64, also with line breaks', () => {
    expect(decodeBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeBase64('aGVs\nbG8=\n')?.toString()).toBe('hello');
    expect(decodeBase64('')?.length).toBe(0);
  });

  it('refuses invalid characters and bad lengths', () => {
    expect(decodeBase64('not base64!')).toBeUndefined();
    expect(decodeBase64('aGVsbG8')).toBeUndefined();
    expect(decodeBase64('a=GV')).toBeUndefined();
  });
});

describe('convertDataTypeValue', () => {
  it('boolean: only JSON booleans', () => {
    expect(convertDataTypeValue(true, 'boolean')).toEqual({ ok: true, value: true });
    expect(reasonOf(convertDataTypeValue('false', 'boolean'))).toBe(
      'Can not safely convert `string` to `boolean` for value `false`',
    );
    expect(convertDataTypeValue(1, 'boolean').ok).toBe(false);
  });

  it('integer: integral numbers within int32', () => {
    expect(convertDataTypeValue(-3, 'integer')).toEqual({ ok: true, value: -3 });
    expect(convertDataTypeValue(2n, 'integer')).toEqual({ ok: true, value: 2 });
    expect(reasonOf(convertDataTypeValue(2.7, 'integer'))).toBe(
      'Can not safely convert `number` to `integer` for value `2.7`',
    );
    expect(reasonOf(convertDataTypeValue(3000000000, 'integer'))).toBe(
      'Value `3000000000` is out of range for `integer` (a 32-bit signed integer)',
    );
    expect(convertDataTypeValue('5', 'integer').ok).toBe(false);
    expect(convertDataTypeValue(true, 'integer').ok).toBe(false);
  });

  it('long: safe integers, bigints within int64', () => {
    expect(convertDataTypeValue(2 ** 53 - 1, 'long')).toEqual({ ok: true, value: 2 ** 53 - 1 });
    expect(reasonOf(convertDataTypeValue(2 ** 53, 'long'))).toContain('is out of range for `long`');
    expect(convertDataTypeValue(9007199254740993n, 'long')).toEqual({ ok: true, value: 9007199254740993n });
    expect(convertDataTypeValue(2n ** 63n, 'long').ok).toBe(false);
    expect(convertDataTypeValue(Number.NaN, 'long').ok).toBe(false);
  });

  it('float/double: any number (ints, NaN, infinities), never strings; float refuses float32 overflow', () => {
    expect(convertDataTypeValue(2, 'double')).toEqual({ ok: true, value: 2 });
    expect(convertDataTypeValue(Number.NaN, 'double').ok).toBe(true);
    expect(convertDataTypeValue(-Infinity, 'float').ok).toBe(true);
    expect(convertDataTypeValue('0.25', 'double').ok).toBe(false);
    expect(convertDataTypeValue('NaN', 'double').ok).toBe(false);
    expect(reasonOf(convertDataTypeValue(1e39, 'float'))).toBe(
      'Value `1e+39` is out of range for `float` (a 32-bit float)',
    );
    expect(convertDataTypeValue(1e39, 'double').ok).toBe(true);
  });

  it('string: only strings', () => {
    expect(convertDataTypeValue('', 'string')).toEqual({ ok: true, value: '' });
    expect(reasonOf(convertDataTypeValue(42, 'string'))).toBe(
      'Can not safely convert `number` to `string` for value `42`',
    );
  });

  it('binary: base64 text → Buffer, bytes kept', () => {
    const decoded = convertDataTypeValue('aGVsbG8=', 'binary');
    expect(decoded.ok && Buffer.isBuffer(decoded.value) && decoded.value.toString()).toBe('hello');
    const bytes = new Uint8Array([1, 2]);
    expect(convertDataTypeValue(bytes, 'binary')).toEqual({ ok: true, value: bytes });
    expect(reasonOf(convertDataTypeValue('not base64!', 'binary'))).toBe(
      'Invalid base64-encoded string for `binary`: `not base64!`',
    );
  });

  it('datetime: ISO text or Date → Date; numbers refused', () => {
    const converted = convertDataTypeValue('2024-01-02', 'datetime');
    expect(converted.ok && (converted.value as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(reasonOf(convertDataTypeValue(1704164645, 'datetime'))).toContain(
      'Failed to convert value `1704164645` from type `number` to `datetime`',
    );
    expect(convertDataTypeValue(new Date(Number.NaN), 'datetime').ok).toBe(false);
  });
});

describe('describeValueType / formatShortValue', () => {
  it('names JavaScript types', () => {
    expect(
      [null, [], {}, 'x', 1, true, Buffer.from(''), new Uint8Array(), new Date(), new Map()].map(
        describeValueType,
      ),
    ).toEqual([
      'null',
      'array',
      'object',
      'string',
      'number',
      'boolean',
      'Buffer',
      'Uint8Array',
      'Date',
      'Map',
    ]);
  });

  it('never renders container contents and cuts long strings', () => {
    expect(formatShortValue([1, 2, 3])).toBe('<array of 3 items>');
    expect(formatShortValue({ secret: 'x' })).toBe('<object with 1 keys>');
    expect(formatShortValue('x'.repeat(100))).toBe(`${'x'.repeat(40)}...`);
    expect(formatShortValue(Buffer.from('abc'))).toBe('<3 bytes>');
  });
});

describe('compareCodePoints', () => {
  it('orders by code point like Python', () => {
    expect(['b', 'a', 'B', '10', '9', '😀', '\uffff'].sort(compareCodePoints)).toEqual([
      '10',
      '9',
      'B',
      'a',
      'b',
      '\uffff',
      '😀',
    ]);
  });
});
