import { describe, expect, it } from 'vitest';
import {
  enforceInputSchema,
  parseMLmodel,
  parseSchema,
  parseSignature,
  Table,
  type Schema,
} from '../src/index.js';
import { errorText } from './enforcement-helpers.js';
import { readMLmodelFixture } from './fixture-files.js';

const paramsEcho = parseSignature(parseMLmodel(readMLmodelFixture('params_echo')).signature).inputs as Schema;
const typesEcho = parseSignature(parseMLmodel(readMLmodelFixture('types_echo')).signature).inputs as Schema;
const PARAMS_ECHO_SCHEMA = "['prompt': string (required), 'temperature': double (optional)]";

const typesRow = {
  b: true,
  i: 1,
  l: 2,
  f: 1.5,
  d: 2.5,
  s: 's',
  bin: 'aGVsbG8=',
  dt: '2024-01-02T03:04:05',
  arr: ['a', 'b'],
  obj: { name: 'n', score: 1 },
};

describe('enforceInputSchema without a schema', () => {
  it('returns the input as is', () => {
    const input = { anything: [1] };
    expect(enforceInputSchema(input, null)).toEqual({ data: input, warnings: [] });
    expect(enforceInputSchema(input, undefined).data).toBe(input);
  });
});

describe('column input shapes (§6.1): the result is always rows', () => {
  it('Table → its rows', () => {
    const table = new Table(
      ['prompt', 'temperature'],
      [
        { prompt: 'hi', temperature: 0.5 },
        { prompt: 'yo', temperature: 0.9 },
      ],
    );
    expect(enforceInputSchema(table, paramsEcho).data).toEqual(table.rows);
  });

  it('array of row objects → rows', () => {
    expect(
      enforceInputSchema([{ prompt: 'hi' }, { prompt: 'yo', temperature: 0.9 }], paramsEcho).data,
    ).toEqual([
      { prompt: 'hi', temperature: null },
      { prompt: 'yo', temperature: 0.9 },
    ]);
  });

  it('object of scalars → one row', () => {
    expect(enforceInputSchema({ prompt: 'hi', temperature: 0.5 }, paramsEcho).data).toEqual([
      { prompt: 'hi', temperature: 0.5 },
    ]);
  });

  it('object of lists → columns turned into rows, scalars repeated', () => {
    expect(enforceInputSchema({ prompt: ['hi', 'yo'], temperature: [0.5, 0.9] }, paramsEcho).data).toEqual([
      { prompt: 'hi', temperature: 0.5 },
      { prompt: 'yo', temperature: 0.9 },
    ]);
    expect(enforceInputSchema({ prompt: ['hi', 'yo'], temperature: 0.5 }, paramsEcho).data).toEqual([
      { prompt: 'hi', temperature: 0.5 },
      { prompt: 'yo', temperature: 0.5 },
    ]);
  });

  it('object of lists of unequal length → a casting error', () => {
    expect(errorText(() => enforceInputSchema({ prompt: ['a', 'b'], temperature: [1] }, paramsEcho))).toBe(
      'INVALID_PARAMETER_VALUE: This model contains a column-based signature, which suggests a DataFrame input. There was an ' +
        'error casting the input data to a DataFrame: all columns given as arrays must have the same length (prompt: 2, temperature: 1).',
    );
  });

  it('object → one row whenever the schema has an Array/Object column (lists are cells)', () => {
    expect(enforceInputSchema({ ...typesRow }, typesEcho).data).toHaveLength(1);
  });

  it('lists under keys that are not schema columns do not make the object columnar', () => {
    const result = enforceInputSchema({ prompt: 'hi', stop: ['a', 'b', 'c'] }, paramsEcho);
    expect(result.data).toEqual([{ prompt: 'hi' }]);
  });

  it('array of scalars with a single named column → rows of that column', () => {
    const schema = parseSchema([{ type: 'string', name: 'text', required: true }]);
    expect(enforceInputSchema(['a', 'b'], schema).data).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(enforceInputSchema('solo', schema).data).toEqual([{ text: 'solo' }]);
  });

  it('array of scalars with several named columns → one unnamed column, so required columns are missing', () => {
    expect(errorText(() => enforceInputSchema(['hi', 'yo'], paramsEcho))).toBe(
      `INVALID_PARAMETER_VALUE: Failed to enforce schema of data with schema '${PARAMS_ECHO_SCHEMA}'. ` +
        "Error: Model is missing inputs ['prompt']. Note that there were extra inputs: [0].",
    );
  });

  it('empty array → no columns (missing inputs); Table with columns and no rows → no rows', () => {
    expect(errorText(() => enforceInputSchema([], paramsEcho))).toContain(
      "Error: Model is missing inputs ['prompt'].",
    );
    expect(enforceInputSchema(new Table(['prompt', 'temperature'], []), paramsEcho).data).toEqual([]);
  });

  it('refuses a mix of row objects and values, and inputs that are no table at all', () => {
    expect(errorText(() => enforceInputSchema([{ prompt: 'a' }, 'b'], paramsEcho))).toContain(
      'either row objects or values',
    );
    expect(errorText(() => enforceInputSchema(null, paramsEcho))).toContain('got null');
    expect(errorText(() => enforceInputSchema(new Map(), paramsEcho))).toContain('got Map');
  });
});

describe('named columns (§6.2)', () => {
  it("missing required column → MLflow's message", () => {
    expect(
      errorText(() => enforceInputSchema(new Table(['temperature'], [{ temperature: 0.5 }]), paramsEcho)),
    ).toBe(
      `INVALID_PARAMETER_VALUE: Failed to enforce schema of data with schema '${PARAMS_ECHO_SCHEMA}'. Error: Model is missing inputs ['prompt'].`,
    );
  });

  it('missing required column with extras → the extra-inputs note', () => {
    expect(errorText(() => enforceInputSchema({ input: 'hi' }, paramsEcho))).toContain(
      "Error: Model is missing inputs ['prompt']. Note that there were extra inputs: ['input'].",
    );
  });

  it('missing optional column → simply absent from the rows', () => {
    expect(enforceInputSchema([{ prompt: 'hi' }], paramsEcho).data).toEqual([{ prompt: 'hi' }]);
  });

  it('extra columns → dropped, with a warning', () => {
    const result = enforceInputSchema(
      new Table(['other', 'prompt'], [{ other: 1, prompt: 'hi' }]),
      paramsEcho,
    );
    expect(result.data).toEqual([{ prompt: 'hi' }]);
    expect(result.warnings).toEqual([
      "Found extra inputs in the model input that are not defined in the model signature: ['other']. These inputs will be ignored.",
    ]);
  });

  it('rows follow the schema column order', () => {
    const [row] = enforceInputSchema([{ temperature: 0.5, prompt: 'hi' }], paramsEcho).data as Array<
      Record<string, unknown>
    >;
    expect(Object.keys(row ?? {})).toEqual(['prompt', 'temperature']);
  });

  it('null is accepted in any column, required or not (required means the column exists)', () => {
    expect(enforceInputSchema([{ prompt: null, temperature: null }], paramsEcho).data).toEqual([
      { prompt: null, temperature: null },
    ]);
    expect(
      enforceInputSchema([{ ...typesRow, i: null, arr: null, obj: null }], typesEcho).data,
    ).toMatchObject([{ i: null, arr: null, obj: null }]);
  });
});

describe('unnamed columns (§6.2)', () => {
  const unnamed = parseSchema([{ type: 'string' }, { type: 'long' }]);

  it('maps columns by position and keeps the input column names', () => {
    expect(
      enforceInputSchema(
        [
          ['a', 1],
          ['b', 2],
        ],
        unnamed,
      ).data,
    ).toEqual([
      { 0: 'a', 1: 1 },
      { 0: 'b', 1: 2 },
    ]);
    expect(enforceInputSchema(new Table(['x', 'y'], [{ x: 'a', y: 1 }]), unnamed).data).toEqual([
      { x: 'a', y: 1 },
    ]);
  });

  it('checks only the count, with MLflow message', () => {
    expect(errorText(() => enforceInputSchema(['a'], unnamed))).toContain(
      'Error: Model inference is missing inputs. The model signature declares 2 inputs  but the provided value only has 1 inputs. ' +
        'Note: the inputs were not named in the signature so we can only verify their count.',
    );
  });

  it('drops columns beyond the declared count, with a warning', () => {
    const result = enforceInputSchema([['a', 1, true]], unnamed);
    expect(result.data).toEqual([{ 0: 'a', 1: 1 }]);
    expect(result.warnings[0]).toContain('[2]');
  });

  it('converts positional values with the types of the schema', () => {
    expect(errorText(() => enforceInputSchema([['a', 'b']], unnamed))).toContain(
      "Failed to convert column 1 to type 'long'",
    );
  });
});

describe('DataType conversion (§6.3, Millrace rules)', () => {
  function convert(column: keyof typeof typesRow, value: unknown): unknown {
    const [row] = enforceInputSchema([{ ...typesRow, [column]: value }], typesEcho).data as Array<
      Record<string, unknown>
    >;
    return row?.[column];
  }

  it('accepts the all-types row and converts binary to a Buffer and datetime to a Date', () => {
    const [row] = enforceInputSchema([typesRow], typesEcho).data as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      b: true,
      i: 1,
      l: 2,
      f: 1.5,
      d: 2.5,
      s: 's',
      arr: ['a', 'b'],
      obj: { name: 'n', score: 1 },
    });
    expect(Buffer.isBuffer(row?.['bin']) && (row?.['bin'] as Buffer).toString()).toBe('hello');
    expect((row?.['dt'] as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });

  it('decodes binary on every input path (MLflow does not via `inputs`)', () => {
    expect(
      (enforceInputSchema({ ...typesRow }, typesEcho).data as Array<Record<string, Buffer>>)[0]?.[
        'bin'
      ]?.toString(),
    ).toBe('hello');
  });

  it('accepts JSON ints for float and double columns, also in LLM bodies (MLflow refuses int → double there)', () => {
    expect(convert('f', 3)).toBe(3);
    expect(convert('d', 4)).toBe(4);
    const chat = parseSignature(parseMLmodel(readMLmodelFixture('chat_echo')).signature).inputs as Schema;
    expect(
      enforceInputSchema({ messages: [{ role: 'user', content: 'hi' }], temperature: 2 }, chat).data,
    ).toEqual([{ messages: [{ role: 'user', content: 'hi' }], temperature: 2 }]);
  });

  it('accepts NaN and infinities in float/double columns', () => {
    expect(convert('d', Number.NaN)).toBeNaN();
    expect(convert('f', -Infinity)).toBe(-Infinity);
  });

  it('refuses the string "false" for a boolean (MLflow turns it into true)', () => {
    expect(errorText(() => convert('b', 'false'))).toBe(
      "BAD_REQUEST: Invalid input. Data is not compatible with model signature. Failed to convert column b to type 'boolean'. " +
        "Error: 'Can not safely convert `string` to `boolean` for value `false`'",
    );
    expect(errorText(() => convert('b', 1))).toContain("column b to type 'boolean'");
  });

  it('refuses 2.7 for long and integer (MLflow truncates)', () => {
    expect(errorText(() => convert('l', 2.7))).toContain(
      "Failed to convert column l to type 'long'. Error: 'Can not safely convert `number` to `long` for value `2.7`'",
    );
    expect(convert('i', 1.0)).toBe(1);
  });

  it('refuses int32 overflow for integer (MLflow wraps) and unsafe integers for long', () => {
    expect(errorText(() => convert('i', 3000000000))).toContain(
      "Error: 'Value `3000000000` is out of range for `integer` (a 32-bit signed integer)'",
    );
    expect(errorText(() => convert('l', 2 ** 53))).toContain('is out of range for `long`');
  });

  it('refuses numeric strings for numeric columns (MLflow parses "5")', () => {
    expect(errorText(() => convert('i', '5'))).toContain("column i to type 'integer'");
    expect(errorText(() => convert('d', '0.25'))).toContain("column d to type 'double'");
  });

  it('refuses numbers for string columns (MLflow passes them through)', () => {
    expect(errorText(() => convert('s', 42))).toContain("Failed to convert column s to type 'string'");
  });

  it('refuses invalid base64 and non-ISO datetimes (MLflow reads ints as epoch nanoseconds)', () => {
    expect(errorText(() => convert('bin', 'not base64!'))).toContain("column bin to type 'binary'");
    expect(errorText(() => convert('dt', 'not a date'))).toContain("column dt to type 'datetime'");
    expect(errorText(() => convert('dt', 1704164645))).toContain("column dt to type 'datetime'");
  });

  it('reads ISO dates, date-times with a space, fractions and Z', () => {
    expect((convert('dt', '2024-01-02') as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect((convert('dt', '2024-01-02 03:04:05') as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect((convert('dt', '2024-01-02T03:04:05.123456') as Date).toISOString()).toBe(
      '2024-01-02T03:04:05.123Z',
    );
    expect((convert('dt', '2024-01-02T03:04:05Z') as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });

  it('never echoes the input: other cells are not shown and the offending value is cut to 40 characters', () => {
    const secret = 'SECRET-CELL-CONTENT';
    const rows = [{ ...typesRow, s: secret, arr: [secret], i: 'x'.repeat(100) }];
    const message = errorText(() => enforceInputSchema(rows, typesEcho));
    expect(message).not.toContain(secret);
    expect(message).toContain(`for value \`${'x'.repeat(40)}...\``);
    expect(message).not.toContain('x'.repeat(41));
    const structural = errorText(() =>
      enforceInputSchema([{ ...typesRow, s: secret, obj: { extra: secret } }], typesEcho),
    );
    expect(structural).toMatch(/^INVALID_PARAMETER_VALUE: /);
    expect(structural).not.toContain(secret);
  });
});
