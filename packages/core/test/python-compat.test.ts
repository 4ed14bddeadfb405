import { describe, expect, it } from 'vitest';
import { formatPythonFloatRepr, formatPythonNumber } from '../src/python-compat/python-float.js';
import {
  dumpPythonJson,
  formatPythonJsonString,
  PythonDict,
  PythonFloat,
} from '../src/python-compat/python-json.js';
import {
  formatPythonRepr,
  formatPythonSetRepr,
  formatPythonStr,
  formatPythonStringRepr,
  formatPythonTupleRepr,
} from '../src/python-compat/python-repr.js';
import { formatNaiveUtcDatetime } from '../src/python-compat/python-datetime.js';
import { readJsonFixture } from './fixture-files.js';

interface FloatCase {
  value: number;
  repr: string;
  json: string;
}
interface StringCase {
  value: string;
  repr: string;
  json: string;
}

describe('formatPythonFloatRepr', () => {
  const { cases } = readJsonFixture<{ cases: FloatCase[] }>('python/float-repr.json');

  it('matches CPython repr(float) on recorded values', () => {
    expect(cases.length).toBeGreaterThan(100);
    for (const testCase of cases) {
      expect(formatPythonFloatRepr(testCase.value), String(testCase.value)).toBe(testCase.repr);
    }
  });

  it('switches to scientific notation below 1e-4 and from 1e16, with two-digit exponents', () => {
    expect(formatPythonFloatRepr(0.0001)).toBe('0.0001');
    expect(formatPythonFloatRepr(0.00001)).toBe('1e-05');
    expect(formatPythonFloatRepr(1e15)).toBe('1000000000000000.0');
    expect(formatPythonFloatRepr(1e16)).toBe('1e+16');
    expect(formatPythonFloatRepr(1.5e100)).toBe('1.5e+100');
  });

  it('keeps .0 on whole numbers and handles zero, negative zero and non-finite values', () => {
    expect(formatPythonFloatRepr(2)).toBe('2.0');
    expect(formatPythonFloatRepr(0)).toBe('0.0');
    expect(formatPythonFloatRepr(-0)).toBe('-0.0');
    expect(formatPythonFloatRepr(Number.NaN)).toBe('nan');
    expect(formatPythonFloatRepr(-Infinity)).toBe('-inf');
  });

  it('prints safe integers as ints unless asked for a float', () => {
    expect(formatPythonNumber(1000)).toBe('1000');
    expect(formatPythonNumber(1000, true)).toBe('1000.0');
    expect(formatPythonNumber(0.5)).toBe('0.5');
    expect(formatPythonNumber(2 ** 60)).toBe('1.152921504606847e+18');
  });
});

describe('dumpPythonJson', () => {
  const { cases } = readJsonFixture<{ cases: StringCase[] }>('python/string-repr.json');

  it('escapes strings like json.dumps with ensure_ascii', () => {
    for (const testCase of cases) {
      expect(formatPythonJsonString(testCase.value), JSON.stringify(testCase.value)).toBe(testCase.json);
    }
  });

  it('uses Python separators and float formatting', () => {
    expect(dumpPythonJson([1, 2.5, new PythonFloat(1), null, true, 'é'])).toBe(
      '[1, 2.5, 1.0, null, true, "\\u00e9"]',
    );
    expect(dumpPythonJson({ a: 1, b: [] })).toBe('{"a": 1, "b": []}');
    expect(dumpPythonJson([Number.NaN, Infinity, new PythonFloat(-Infinity)])).toBe(
      '[NaN, Infinity, -Infinity]',
    );
  });

  it('keeps the key order of a PythonDict, even for integer-like keys', () => {
    expect(
      dumpPythonJson(
        new PythonDict([
          ['b', 1],
          ['10', 2],
          ['9', 3],
        ]),
      ),
    ).toBe('{"b": 1, "10": 2, "9": 3}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => dumpPythonJson(Symbol('x'))).toThrow(TypeError);
  });
});

describe('formatPythonRepr', () => {
  const { cases } = readJsonFixture<{ cases: StringCase[] }>('python/string-repr.json');

  it('matches CPython repr(str), including the choice of quotes and escapes', () => {
    for (const testCase of cases) {
      expect(formatPythonStringRepr(testCase.value), JSON.stringify(testCase.value)).toBe(testCase.repr);
    }
  });

  it('writes None, booleans, lists and dicts as Python does', () => {
    expect(formatPythonRepr([null, true, false, 1, 0.5, 'a', { k: [1] }])).toBe(
      "[None, True, False, 1, 0.5, 'a', {'k': [1]}]",
    );
    expect(formatPythonRepr(new PythonFloat(1))).toBe('1.0');
    expect(formatPythonStr('raw text')).toBe('raw text');
    expect(formatPythonStr(['\n'])).toBe("['\\n']");
  });

  it('writes tuples and sets', () => {
    expect(formatPythonTupleRepr([-1, 3])).toBe('(-1, 3)');
    expect(formatPythonTupleRepr([3])).toBe('(3,)');
    expect(formatPythonTupleRepr([])).toBe('()');
    expect(formatPythonSetRepr(['role'])).toBe("{'role'}");
    expect(formatPythonSetRepr([])).toBe('set()');
  });
});

describe('formatNaiveUtcDatetime', () => {
  it('writes microseconds only when there is a fraction', () => {
    expect(formatNaiveUtcDatetime(new Date(Date.UTC(2024, 4, 17, 23, 15, 28, 764)), ' ')).toBe(
      '2024-05-17 23:15:28.764000',
    );
    expect(formatNaiveUtcDatetime(new Date(Date.UTC(2023, 6, 1, 12)), 'T')).toBe('2023-07-01T12:00:00');
  });
});
