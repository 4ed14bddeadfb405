import { describe, expect, it } from 'vitest';
import {
  enforceParams,
  parseMLmodel,
  parseParamSchema,
  parseSignature,
  type ParamSchema,
} from '../src/index.js';
import { errorText } from './enforcement-helpers.js';
import { readMLmodelFixture } from './fixture-files.js';

const paramsEcho = parseSignature(parseMLmodel(readMLmodelFixture('params_echo')).signature)
  .params as ParamSchema;

const rich = parseParamSchema([
  { name: 'stop', type: 'string', default: ['\n'], shape: [-1] },
  { name: 'when', type: 'datetime', default: '2023-07-01', shape: null },
  { name: 'flag', type: 'boolean', default: false, shape: null },
  { name: 'count', type: 'integer', default: 1, shape: null },
  {
    name: 'cfg',
    type: 'object',
    default: { k: 1 },
    shape: null,
    properties: { k: { type: 'long', required: true } },
  },
]);

describe('enforceParams without a params schema (§7.1)', () => {
  it('passes null, undefined and {} silently as {}', () => {
    for (const params of [null, undefined, {}]) {
      expect(enforceParams(params, null)).toEqual({ params: {}, warnings: [] });
    }
  });

  it('ignores anything else with a warning naming the keys', () => {
    expect(enforceParams({ k: 1 }, null)).toEqual({
      params: {},
      warnings: [
        '`params` can only be specified at inference time if the model signature defines a params schema. ' +
          "This model does not define a params schema. Ignoring provided params: ['k']",
      ],
    });
    expect(enforceParams([1], []).warnings[0]).toContain('Ignoring provided params: a value of type array');
  });
});

describe('enforceParams with a params schema (§7.2-7.6)', () => {
  it('fills defaults when no params are given', () => {
    expect(enforceParams(undefined, paramsEcho)).toEqual({
      params: { temperature: 0.1, max_tokens: 1000 },
      warnings: [],
    });
    expect(enforceParams(null, paramsEcho).params).toEqual({ temperature: 0.1, max_tokens: 1000 });
  });

  it('refuses params that are not an object', () => {
    expect(errorText(() => enforceParams([1, 2], paramsEcho))).toBe(
      "INVALID_PARAMETER_VALUE: Parameters must be a dictionary. Got type 'array'.",
    );
    expect(errorText(() => enforceParams('x', paramsEcho))).toContain("Got type 'string'.");
  });

  it('drops unknown keys with a warning', () => {
    expect(enforceParams({ top_k: 5 }, paramsEcho)).toEqual({
      params: { temperature: 0.1, max_tokens: 1000 },
      warnings: [
        "Unrecognized params ['top_k'] are ignored for inference. Supported params are: {'temperature', 'max_tokens'}.",
      ],
    });
  });

  it('fills missing keys and null values with the default; given keys come first', () => {
    const result = enforceParams({ max_tokens: 7, temperature: null }, paramsEcho).params;
    expect(result).toEqual({ max_tokens: 7, temperature: 0.1 });
    expect(Object.keys(enforceParams({ max_tokens: 7 }, paramsEcho).params)).toEqual([
      'max_tokens',
      'temperature',
    ]);
  });

  it('accepts ints for float/double params', () => {
    expect(enforceParams({ temperature: 1 }, paramsEcho).params).toEqual({
      temperature: 1,
      max_tokens: 1000,
    });
  });

  it('refuses non-integral numbers for long/integer params', () => {
    expect(errorText(() => enforceParams({ max_tokens: 5.5 }, paramsEcho))).toBe(
      'INVALID_PARAMETER_VALUE: Invalid parameters found: ' +
        "{('max_tokens', \"Failed to validate type and shape for 'max_tokens': long (default: 1000), error: " +
        'Can not safely convert `number` to `long` for value `5.5`")}',
    );
    expect(errorText(() => enforceParams({ count: 2 ** 31 }, rich))).toContain('out of range for `integer`');
  });

  it('never coerces strings, not even numeric ones', () => {
    expect(errorText(() => enforceParams({ max_tokens: '12' }, paramsEcho))).toContain(
      'Can not safely convert `string` to `long` for value `12`',
    );
  });

  it('never takes booleans as numbers, nor numbers as booleans', () => {
    expect(errorText(() => enforceParams({ temperature: true }, paramsEcho))).toContain(
      'Can not safely convert `boolean` to `float`',
    );
    expect(errorText(() => enforceParams({ flag: 1 }, rich))).toContain(
      'Can not safely convert `number` to `boolean`',
    );
  });

  it('requires scalars for scalar params', () => {
    expect(errorText(() => enforceParams({ max_tokens: [1] }, paramsEcho))).toContain(
      'Value must be a scalar for type `long`, got array',
    );
  });

  it('shape [-1]: a 1-D array whose elements are checked', () => {
    expect(enforceParams({ stop: ['a', 'b'] }, rich).params['stop']).toEqual(['a', 'b']);
    expect(errorText(() => enforceParams({ stop: 'a' }, rich))).toContain(
      'Value must be a 1D array with shape (-1,), got string',
    );
    expect(errorText(() => enforceParams({ stop: [['a']] }, rich))).toContain('got a nested array');
    expect(errorText(() => enforceParams({ stop: ['a', 1] }, rich))).toContain(
      "Failed to validate type and shape for 'stop': string (default: ['\\\\n'], shape: (-1,)), error: Can not safely convert `number` to `string` for value `1`",
    );
  });

  it('datetime: ISO text → Date, the default too; anything else refused', () => {
    const result = enforceParams({ when: '2024-01-02T03:04:05' }, rich).params;
    expect(result['when']).toEqual(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    expect(enforceParams({}, rich).params['when']).toEqual(new Date(Date.UTC(2023, 6, 1)));
    expect(errorText(() => enforceParams({ when: 'invalid_value1' }, rich))).toContain(
      'Failed to convert value `invalid_value1` from type `string` to `datetime`',
    );
    expect(errorText(() => enforceParams({ when: 20240102 }, rich))).toContain(
      'from type `number` to `datetime`',
    );
  });

  it('object: validated with the Object rules, passed on unchanged', () => {
    const value = { k: 5 };
    expect(enforceParams({ cfg: value }, rich).params['cfg']).toBe(value);
    expect(errorText(() => enforceParams({ cfg: { k: 1, x: 2 } }, rich))).toContain(
      "error: Invalid properties not defined in the schema found: {'x'}",
    );
    expect(errorText(() => enforceParams({ cfg: 'k=1' }, rich))).toContain(
      'Expected data to be dictionary, got string',
    );
  });

  it('collects every failure into one error, in schema order', () => {
    expect(errorText(() => enforceParams({ max_tokens: 'many', temperature: 'hot' }, paramsEcho))).toBe(
      'INVALID_PARAMETER_VALUE: Invalid parameters found: {' +
        "('temperature', \"Failed to validate type and shape for 'temperature': float (default: 0.1), error: Can not safely convert `string` to `float` for value `hot`\"), " +
        "('max_tokens', \"Failed to validate type and shape for 'max_tokens': long (default: 1000), error: Can not safely convert `string` to `long` for value `many`\")}",
    );
  });

  it('gives each call its own copy of container defaults', () => {
    const first = enforceParams({}, rich).params;
    (first['stop'] as string[]).push('mutated');
    expect(enforceParams({}, rich).params['stop']).toEqual(['\n']);
  });
});
