import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import {
  booleanField,
  defineRpc,
  doubleField,
  enumField,
  int64Field,
  keyValueField,
  listField,
  messageField,
  stringField,
  stringListField,
  stringWithDefault,
  type RpcContext,
} from '../src/index.js';

const context = {} as RpcContext;

/** An RPC that echoes its validated request, to see what each field makes of wire values. */
const echo = defineRpc({
  name: 'echo',
  method: 'POST',
  path: '/mlflow/echo',
  majorVersion: 2,
  runIdAlias: true,
  request: {
    run_id: stringField({ required: true }),
    id: stringField({ acceptIntegers: true }),
    value: stringWithDefault(),
    step: int64Field(),
    number: doubleField(),
    status: enumField({ 1: 'RUNNING', 3: 'FINISHED' }),
    flag: booleanField(),
    ids: stringListField(),
    metrics: listField(
      messageField({ key: stringField({ required: true }), timestamp: int64Field({ required: true }) }),
    ),
    tags: listField(keyValueField()),
  },
  handle: async (request) => ({
    echoed: JSON.stringify(request, (_key, value: unknown) => {
      if (typeof value === 'bigint') return `${value}n`;
      return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
    }),
  }),
});

async function run(fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = (await echo.run({ run_id: 'r', ...fields }, context)) as { echoed: string };
  return JSON.parse(answer.echoed) as Record<string, unknown>;
}

async function refusal(fields: Record<string, unknown>): Promise<string> {
  try {
    await echo.run(fields, context);
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      return error.message;
    }
    throw error;
  }
  throw new Error('Expected the request to be refused.');
}

describe('RPC request fields', () => {
  it('reads int64 from numbers and decimal strings, exactly beyond 2^53', async () => {
    expect((await run({ step: '1700000000000' })).step).toBe(1700000000000);
    expect((await run({ step: 9223372036854775807n })).step).toBe('9223372036854775807n');
    expect((await run({ step: '-9223372036854775808' })).step).toBe('-9223372036854775808n');
  });

  it('refuses int64 values that are fractional, out of range or not numbers', async () => {
    expect(await refusal({ run_id: 'r', step: 1.5 })).toBe(
      "Invalid value 1.5 for parameter 'step' supplied:  Hint: Value was of type 'float'. See the API docs for more information about request parameters.",
    );
    expect(await refusal({ run_id: 'r', step: 9223372036854775808n })).toMatch(
      /^Invalid value 9223372036854775808 for parameter 'step'/,
    );
    expect(await refusal({ run_id: 'r', step: 'yesterday' })).toMatch(
      /^Invalid value "yesterday" for parameter 'step' supplied: {2}Hint: Value was of type 'str'/,
    );
  });

  it('reads doubles from numbers, numeric strings and "NaN"/"Infinity"/"-Infinity", never booleans', async () => {
    expect((await run({ number: '1.25' })).number).toBe(1.25);
    expect((await run({ number: 'Infinity' })).number).toBe('Infinity');
    expect((await run({ number: '-Infinity' })).number).toBe('-Infinity');
    expect((await run({ number: 'NaN' })).number).toBe('NaN');
    expect(await refusal({ run_id: 'r', number: true })).toMatch(/Hint: Value was of type 'bool'/);
    expect(await refusal({ run_id: 'r', number: 'abc' })).toMatch(
      /^Invalid value "abc" for parameter 'number'/,
    );
  });

  it('reads enums by name or number (also as a string), case-sensitively', async () => {
    expect((await run({ status: 'FINISHED' })).status).toBe('FINISHED');
    expect((await run({ status: 3 })).status).toBe('FINISHED');
    expect((await run({ status: '1' })).status).toBe('RUNNING');
    expect(await refusal({ run_id: 'r', status: 'finished' })).toMatch(
      /^Invalid value "finished" for parameter 'status'/,
    );
    expect(await refusal({ run_id: 'r', status: 2 })).toMatch(/^Invalid value 2 for parameter 'status'/);
  });

  it('reads booleans from JSON and from "true"/"False" in any case', async () => {
    expect((await run({ flag: 'False' })).flag).toBe(false);
    expect((await run({ flag: true })).flag).toBe(true);
    expect(await refusal({ run_id: 'r', flag: 'yes' })).toMatch(/Invalid boolean value/);
  });

  it('counts absent, null and empty required strings as missing', async () => {
    const missing =
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.";
    expect(await refusal({})).toBe(missing);
    expect(await refusal({ run_id: null })).toBe(missing);
    expect(await refusal({ run_id: '' })).toBe(missing);
  });

  it('lets run_uuid stand in for an absent run_id, but run_id wins when present', async () => {
    expect((await echo.run({ run_uuid: 'legacy' }, context)) as { echoed: string }).toEqual({
      echoed: expect.stringContaining('"run_id":"legacy"'),
    });
    expect(await refusal({ run_id: '', run_uuid: 'legacy' })).toMatch(
      /^Missing value for required parameter 'run_id'/,
    );
  });

  it('accepts integers for id strings only where asked to', async () => {
    expect((await run({ id: 12 })).id).toBe('12');
    expect(await refusal({ run_id: 7 })).toBe(
      "Invalid value 7 for parameter 'run_id' supplied:  Hint: Value was of type 'int'. See the API docs for more information about request parameters.",
    );
  });

  it('names nested fields by path and prints refused values as compact sorted JSON', async () => {
    expect(await refusal({ run_id: 'r', metrics: [{ key: 'a', timestamp: 1 }, { key: 'b' }] })).toBe(
      "Missing value for required parameter 'metrics[1].timestamp'. See the API docs for more information about request parameters.",
    );
    expect(await refusal({ run_id: 'r', metrics: { key: 'x', value: 1, timestamp: 2 } })).toBe(
      'Invalid value {"key":"x","timestamp":2,"value":1} for parameter \'metrics\' supplied:  Hint: Value was of type \'dict\'. See the API docs for more information about request parameters.',
    );
    expect(await refusal({ run_id: 'r', tags: ['a=b'] })).toMatch(
      /^Invalid value "a=b" for parameter 'tags\[0\]' supplied/,
    );
    expect(await refusal({ run_id: 'r', ids: '1' })).toMatch(
      /^Invalid value "1" for parameter 'ids' supplied/,
    );
  });

  it('defaults tag values to empty strings, lists to [] and drops unknown fields', async () => {
    const request = await run({ tags: [{ key: 'k' }], bogus: { nested: [1] } });
    expect(request).toEqual({
      run_id: 'r',
      value: '',
      ids: [],
      metrics: [],
      tags: [{ key: 'k', value: '' }],
    });
  });
});
