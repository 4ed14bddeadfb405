import { type ColSpec, MillraceError, type Schema, Table } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { parseCsvRequest } from '../src/parsing/csv-request.js';

const PARAMS_ECHO_INPUTS: Schema = [
  { type: 'string', name: 'prompt', required: true },
  { type: 'double', name: 'temperature', required: false },
];

function rows(text: string, schema: Schema | null): Record<string, unknown>[] {
  const parsed = parseCsvRequest(text, schema);
  expect(parsed.input).toBeInstanceOf(Table);
  expect(parsed.params).toBeUndefined();
  expect(parsed.wrapped).toBe(true);
  return (parsed.input as Table).rows;
}

function refusal(text: string, schema: Schema | null): MillraceError {
  try {
    parseCsvRequest(text, schema);
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('parseCsvRequest', () => {
  it('reads the header and types cells by the named schema', () => {
    expect(rows('prompt,temperature\nhi,0.5\nyo,0.9\n', PARAMS_ECHO_INPUTS)).toEqual([
      { prompt: 'hi', temperature: 0.5 },
      { prompt: 'yo', temperature: 0.9 },
    ]);
  });

  it('keeps cells as strings without a schema and for columns the schema does not name; empty cells are null', () => {
    expect(rows('a,b,c\n1,x,2.5\n2,,3\n', null)).toEqual([
      { a: '1', b: 'x', c: '2.5' },
      { a: '2', b: null, c: '3' },
    ]);
    expect(rows('prompt,other\nhi,7\n', PARAMS_ECHO_INPUTS)).toEqual([{ prompt: 'hi', other: '7' }]);
  });

  it('types every DataType: numbers, booleans, and strings for string/binary/datetime', () => {
    const schema: ColSpec[] = [
      { type: 'boolean', name: 'b', required: true },
      { type: 'integer', name: 'i', required: true },
      { type: 'long', name: 'l', required: true },
      { type: 'float', name: 'f', required: true },
      { type: 'double', name: 'd', required: true },
      { type: 'string', name: 's', required: true },
      { type: 'binary', name: 'bin', required: true },
      { type: 'datetime', name: 'dt', required: true },
    ];
    const [row] = rows('b,i,l,f,d,s,bin,dt\nTrue,1,-2,1.5,nan,007,aGVsbG8=,2024-01-02\n', schema);
    expect(row).toMatchObject({ b: true, i: 1, l: -2, f: 1.5, s: '007', bin: 'aGVsbG8=', dt: '2024-01-02' });
    expect(row?.d).toBeNaN();
  });

  it('types unnamed schemas by position and tensor schemas by dtype', () => {
    const unnamed: Schema = [{ type: 'double', required: true }];
    expect(rows('x,y\n1.5,2\n', unnamed)).toEqual([{ x: 1.5, y: '2' }]);
    const tensor: Schema = [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }];
    expect(rows('a,b,c\n1,2,3\n', tensor)).toEqual([{ a: 1, b: 2, c: 3 }]);
  });

  it('gives a header-only body zero rows, and treats a single line as the header', () => {
    const parsed = parseCsvRequest('1,2,3,4', null);
    expect((parsed.input as Table).columns).toEqual(['1', '2', '3', '4']);
    expect((parsed.input as Table).rows).toEqual([]);
  });

  it('refuses bad numbers, ragged rows, an empty body and duplicate headers with 400 BAD_REQUEST', () => {
    for (const [text, reason] of [
      ['prompt,temperature\nhi,hot\n', "could not convert 'hot' in column 'temperature' to a number."],
      ['prompt,temperature\nhi,0.5,extra,more\n', 'Invalid Record Length'],
      ['', 'the body is empty'],
      ['a,a\n1,2\n', "duplicate column name 'a'"],
    ] as const) {
      const error = refusal(text, PARAMS_ECHO_INPUTS);
      expect(error.errorCode).toBe('BAD_REQUEST');
      expect(error.httpStatus).toBe(400);
      expect(error.message).toMatch(
        /^Failed to parse input as a CSV table \(the first line is the header\)\. Error: /,
      );
      expect(error.message).toContain(reason);
      expect(error.message).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses booleans it cannot read', () => {
    expect(refusal('b\nyes\n', [{ type: 'boolean', name: 'b', required: true }]).message).toContain(
      "could not convert 'yes' in column 'b' to a boolean",
    );
  });

  it('says clearly that CSV cannot carry Array/Object/Map/Any columns', () => {
    const schema: Schema = [
      { type: 'string', name: 's', required: true },
      { type: 'array', items: { type: 'string' }, name: 'arr', required: true },
    ];
    expect(refusal('s,arr\nx,\n', schema).message).toContain(
      "CSV cannot carry column 'arr' of type 'array'; send this model JSON",
    );
  });
});
