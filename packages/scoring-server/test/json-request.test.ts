import { MillraceError, Table } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { parseJsonRequest } from '../src/parsing/json-request.js';
import type { RequestSchemaInfo } from '../src/parsing/parsed-request.js';

const NO_SCHEMA: RequestSchemaInfo = { paramNames: null, inputColumnNames: new Set() };
const CHAT_SCHEMA: RequestSchemaInfo = {
  paramNames: new Set(['top_p', 'temperature']),
  inputColumnNames: new Set(['messages', 'max_tokens']),
};
const WRAPPERS = "['dataframe_records', 'dataframe_split', 'inputs', 'instances']";

function refusal(body: unknown, schema = NO_SCHEMA): MillraceError {
  try {
    parseJsonRequest(body, schema);
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

function table(value: unknown): Table {
  expect(value).toBeInstanceOf(Table);
  return value as Table;
}

describe('parseJsonRequest: top level', () => {
  it('refuses a list and a scalar with a stable, sorted list of the wrapper keys', () => {
    expect(refusal([{ prompt: 'hi' }]).message).toBe(
      `Invalid input. The input must be a JSON dictionary with exactly one of the input fields ${WRAPPERS}. Received a list.`,
    );
    expect(refusal(42).message).toBe(
      `Invalid input. The input must be a JSON dictionary with exactly one of the input fields ${WRAPPERS}. ` +
        `Received unexpected input type 'number'.`,
    );
    expect(refusal(null).errorCode).toBe('BAD_REQUEST');
  });

  it('refuses no wrapper and two wrappers, listing the wrappers found in request order', () => {
    expect(refusal({}).message).toMatch(
      new RegExp(
        `^The input must be a JSON dictionary with exactly one of the input fields .*Received dictionary with input fields: \\[\\]\\.`,
      ),
    );
    expect(refusal({ columns: ['a'], data: [[1]] }).message).toContain(
      'Received dictionary with input fields: [].',
    );
    expect(refusal({ inputs: [1], dataframe_split: { data: [] } }).message).toContain(
      "Received dictionary with input fields: ['inputs', 'dataframe_split'].",
    );
  });

  it('refuses unknown top-level keys next to a wrapper (MLflow ignores them silently)', () => {
    const error = refusal({ dataframe_split: { columns: ['prompt'], data: [['hi']] }, foo: 1, bar: 2 });
    expect(error.errorCode).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^Invalid input\. Unknown top-level fields: \['bar', 'foo'\]\./);
  });

  it('passes params through (null as absent) and reads stream', () => {
    expect(parseJsonRequest({ inputs: [1], params: { k: 1 } }, NO_SCHEMA)).toEqual({
      input: [1],
      params: { k: 1 },
      wrapped: true,
      stream: false,
    });
    expect(parseJsonRequest({ inputs: [1], params: null }, NO_SCHEMA).params).toBeUndefined();
    expect(parseJsonRequest({ inputs: [1], stream: true }, NO_SCHEMA).stream).toBe(true);
    expect(refusal({ inputs: [1], stream: 'yes' }).message).toBe(
      "Invalid input. 'stream' must be a boolean, got string.",
    );
  });
});

describe('parseJsonRequest: dataframe_split', () => {
  it('builds a table of row objects, with index accepted and ignored', () => {
    const parsed = parseJsonRequest(
      {
        dataframe_split: {
          index: [10, 20],
          columns: ['prompt', 'temperature'],
          data: [
            ['hi', 0.5],
            ['yo', 0.9],
          ],
        },
      },
      NO_SCHEMA,
    );
    const result = table(parsed.input);
    expect(result.columns).toEqual(['prompt', 'temperature']);
    expect(result.rows).toEqual([
      { prompt: 'hi', temperature: 0.5 },
      { prompt: 'yo', temperature: 0.9 },
    ]);
    expect(parsed.wrapped).toBe(true);
  });

  it('names columns by position when columns are absent, as pandas does', () => {
    const result = table(parseJsonRequest({ dataframe_split: { data: [['hi', 0.5]] } }, NO_SCHEMA).input);
    expect(result.columns).toEqual(['0', '1']);
    expect(result.rows).toEqual([{ 0: 'hi', 1: 0.5 }]);
  });

  it('keeps zero rows', () => {
    const result = table(
      parseJsonRequest({ dataframe_split: { columns: ['a'], data: [] } }, NO_SCHEMA).input,
    );
    expect(result.columns).toEqual(['a']);
    expect(result.rows).toEqual([]);
  });

  it('refuses a non-object, unknown fields, a missing data field, shape and index mismatches', () => {
    expect(refusal({ dataframe_split: [['hi']] }).message).toBe(
      'Invalid input. Dataframe split format must be a dictionary. Got list.',
    );
    expect(refusal({ dataframe_split: { columns: ['prompt'], data: [['hi']], dtype: 'str' } }).message).toBe(
      "Invalid input. Dataframe split format must have 'data' field and optionally 'columns' and 'index' fields. " +
        "Got ['columns', 'data', 'dtype'].",
    );
    expect(refusal({ dataframe_split: { columns: ['a'] } }).message).toContain("must have 'data' field");
    expect(refusal({ dataframe_split: { columns: ['prompt', 'temperature'], data: [['hi']] } }).message).toBe(
      "Invalid input. Provided dataframe_split field is not a valid dataframe representation in 'split' format. " +
        'Error: 2 columns passed, passed data had 1 columns (row 0).',
    );
    expect(refusal({ dataframe_split: { columns: ['a'], index: [1, 2], data: [[1]] } }).message).toContain(
      "'index' has 2 entries but 'data' has 1 rows.",
    );
    expect(refusal({ dataframe_split: { columns: ['a', 'a'], data: [[1, 2]] } }).message).toContain(
      "duplicate column name 'a'",
    );
  });

  it('keeps a column called __proto__ as an ordinary column', () => {
    const result = table(
      parseJsonRequest(
        { dataframe_split: { columns: ['__proto__'], data: [[{ polluted: true }]] } },
        NO_SCHEMA,
      ).input,
    );
    const row = result.rows[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.hasOwn(row, '__proto__')).toBe(true);
    expect((row as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('parseJsonRequest: dataframe_records, instances, inputs', () => {
  it('builds a table from records, filling missing columns with null', () => {
    const result = table(
      parseJsonRequest(
        { dataframe_records: [{ prompt: 'hi', temperature: 0.5 }, { prompt: 'yo' }] },
        NO_SCHEMA,
      ).input,
    );
    expect(result.columns).toEqual(['prompt', 'temperature']);
    expect(result.rows).toEqual([
      { prompt: 'hi', temperature: 0.5 },
      { prompt: 'yo', temperature: null },
    ]);
  });

  it('refuses records that are not a list or not objects', () => {
    expect(refusal({ dataframe_records: { prompt: 'hi' } }).message).toBe(
      'Invalid input. Dataframe records format must be a list of records. Got dictionary.',
    );
    expect(refusal({ dataframe_records: [1, 2] }).message).toMatch(
      /not a valid dataframe representation in 'records' format/,
    );
  });

  it('turns instances given as records into a table, requiring the same keys in each', () => {
    const result = table(
      parseJsonRequest(
        {
          instances: [
            { a: 't1', b: [1, 2] },
            { a: 't2', b: [3] },
          ],
        },
        NO_SCHEMA,
      ).input,
    );
    expect(result.rows).toEqual([
      { a: 't1', b: [1, 2] },
      { a: 't2', b: [3] },
    ]);
    expect(refusal({ instances: [{ a: 1, b: 2 }, { a: 2 }] }).message).toBe(
      "Invalid input. The length of values for each input/column name are not the same: ['b'] is missing from some instances.",
    );
  });

  it('passes other instances values and every inputs value as they are', () => {
    expect(
      parseJsonRequest(
        {
          instances: [
            [1, 2],
            [3, 4],
          ],
        },
        NO_SCHEMA,
      ).input,
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseJsonRequest({ instances: [] }, NO_SCHEMA).input).toEqual([]);
    const inputs = { question: ['What color?'], context: ['...'] };
    expect(parseJsonRequest({ inputs }, NO_SCHEMA).input).toBe(inputs);
    expect(parseJsonRequest({ inputs: 'hello' }, NO_SCHEMA).input).toBe('hello');
  });
});

describe('parseJsonRequest: unwrapped LLM bodies', () => {
  it('splits params-schema keys from data and does not wrap the answer', () => {
    const parsed = parseJsonRequest(
      { messages: [{ role: 'user', content: 'hi' }], temperature: 0.5, max_tokens: 20, n: 2 },
      CHAT_SCHEMA,
    );
    expect(parsed).toEqual({
      input: { messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, n: 2 },
      params: { temperature: 0.5 },
      wrapped: false,
      stream: false,
    });
  });

  it('takes the whole body as data without a params schema', () => {
    const body = { prompt: 'hi', temperature: 0.5, params: { a: 1 } };
    expect(parseJsonRequest(body, NO_SCHEMA)).toEqual({
      input: body,
      params: undefined,
      wrapped: false,
      stream: false,
    });
  });

  it('is chosen by messages, prompt or input even next to a wrapper key', () => {
    for (const key of ['messages', 'prompt', 'input']) {
      expect(parseJsonRequest({ [key]: 'x', inputs: [1] }, NO_SCHEMA).wrapped).toBe(false);
    }
  });

  it('reads stream and drops it from the data unless the input schema has a stream column', () => {
    const dropped = parseJsonRequest({ messages: [], stream: true }, CHAT_SCHEMA);
    expect(dropped.stream).toBe(true);
    expect(dropped.input).toEqual({ messages: [] });
    const kept = parseJsonRequest(
      { prompt: 'x', stream: true },
      { paramNames: null, inputColumnNames: new Set(['prompt', 'stream']) },
    );
    expect(kept).toEqual({
      input: { prompt: 'x', stream: true },
      params: undefined,
      wrapped: false,
      stream: true,
    });
  });
});
