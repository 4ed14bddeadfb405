import { describe, expect, it } from 'vitest';
import { enforceInputSchema, parseSchema, type TypeSpec } from '../src/index.js';
import { enforceTypedValue } from '../src/enforcement/enforce-typed-value.js';
import { SchemaViolation } from '../src/enforcement/schema-violation.js';
import { errorText } from './enforcement-helpers.js';

function violation(value: unknown, spec: TypeSpec, required = true): string {
  try {
    enforceTypedValue(value, spec, required);
  } catch (error) {
    if (error instanceof SchemaViolation) {
      return error.message;
    }
    throw error;
  }
  return 'no violation';
}

const message: TypeSpec = {
  type: 'object',
  properties: { content: { type: 'string', required: true }, role: { type: 'string', required: true } },
};

describe('scalars inside complex values (§6.4)', () => {
  it('optional and null → null', () => {
    expect(enforceTypedValue(null, { type: 'double' }, false)).toBeNull();
  });

  it('must be a scalar', () => {
    expect(violation(['x'], { type: 'string' })).toBe('Expected data to be scalar, got array');
  });

  it('converted with the DataType rules, failures name the value and dtype', () => {
    expect(enforceTypedValue('2024-01-02', { type: 'datetime' }, true)).toEqual(
      new Date(Date.UTC(2024, 0, 2)),
    );
    expect(violation(1, { type: 'string' })).toBe('Failed to enforce schema of data `1` with dtype `string`');
    expect(violation(null, { type: 'string' })).toBe(
      'Failed to enforce schema of data `null` with dtype `string`',
    );
  });
});

describe('Array (§6.4)', () => {
  const strings: TypeSpec = { type: 'array', items: { type: 'string' } };

  it('optional and null → null; [] accepted', () => {
    expect(enforceTypedValue(null, strings, false)).toBeNull();
    expect(enforceTypedValue([], strings, true)).toEqual([]);
  });

  it('items of type any accept null even when required', () => {
    expect(enforceTypedValue(null, { type: 'array', items: { type: 'any' } }, true)).toBeNull();
  });

  it('must be an array', () => {
    expect(violation('hi', strings)).toBe('Expected data to be list or numpy array, got string');
  });

  it('checks and converts each item, recursively', () => {
    expect(violation(['a', 1], strings)).toBe('Failed to enforce schema of data `1` with dtype `string`');
    expect(
      enforceTypedValue(
        [['2024-01-02']],
        { type: 'array', items: { type: 'array', items: { type: 'datetime' } } },
        true,
      ),
    ).toEqual([[new Date(Date.UTC(2024, 0, 2))]]);
  });
});

describe('Object (§6.4)', () => {
  it('optional and null or {} → accepted', () => {
    expect(enforceTypedValue(null, message, false)).toBeNull();
    expect(enforceTypedValue({}, message, false)).toEqual({});
  });

  it('must be a plain object', () => {
    expect(violation(['x'], message)).toBe('Expected data to be dictionary, got array');
  });

  it('missing required properties', () => {
    expect(violation({ content: 'hi' }, message)).toBe("Missing required properties: {'role'}");
    expect(violation({}, message)).toBe("Missing required properties: {'content', 'role'}");
  });

  it('unknown keys are rejected', () => {
    expect(violation({ role: 'user', content: 'hi', name: 'bob' }, message)).toBe(
      "Invalid properties not defined in the schema found: {'name'}",
    );
  });

  it('per-key failures name the key, the expected type and the received type', () => {
    expect(violation({ role: 'user', content: 5 }, message)).toBe(
      'Failed to enforce schema for key `content`. Expected type string, received type number',
    );
  });

  it('for nested complex properties, the inner reason follows', () => {
    const spec: TypeSpec = {
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' }, required: true } },
    };
    expect(violation({ tags: [1] }, spec)).toBe(
      'Failed to enforce schema for key `tags`. Expected type array, received type array: Failed to enforce schema of data `1` with dtype `string`',
    );
  });

  it('optional properties may be null; converted values are copied', () => {
    const spec: TypeSpec = {
      type: 'object',
      properties: { at: { type: 'datetime', required: false }, name: { type: 'string', required: true } },
    };
    const input = { name: 'n', at: '2024-01-02' };
    const output = enforceTypedValue(input, spec, true);
    expect(output).toEqual({ name: 'n', at: new Date(Date.UTC(2024, 0, 2)) });
    expect(input.at).toBe('2024-01-02');
    expect(enforceTypedValue({ name: 'n', at: null }, spec, true)).toEqual({ name: 'n', at: null });
  });
});

describe('Map (§6.4)', () => {
  const scores: TypeSpec = { type: 'map', values: { type: 'double' } };

  it('optional and null → null', () => {
    expect(enforceTypedValue(null, scores, false)).toBeNull();
  });

  it('must be a plain object; values are enforced', () => {
    expect(violation([1], scores)).toBe('Expected data to be a dict, got array');
    expect(enforceTypedValue({ a: 1, b: 0.5 }, scores, true)).toEqual({ a: 1, b: 0.5 });
    expect(violation({ a: 'x' }, scores)).toBe('Failed to enforce schema of data `x` with dtype `double`');
  });
});

describe('Any (§6.4)', () => {
  it('is not validated', () => {
    const value = { anything: [1, 'x', null] };
    expect(enforceTypedValue(value, { type: 'any' }, true)).toBe(value);
  });
});

describe('complex columns in a schema', () => {
  const schema = parseSchema([
    { type: 'array', items: message, name: 'messages', required: true },
    { type: 'map', values: { type: 'any' }, name: 'custom_inputs', required: false },
  ]);
  const formatted =
    "['messages': Array({content: string (required), role: string (required)}) (required), 'custom_inputs': Map(str -> Any) (optional)]";

  it('violations are INVALID_PARAMETER_VALUE with the schema and MLflow inner message', () => {
    expect(errorText(() => enforceInputSchema({ messages: [{ content: 'hi' }] }, schema))).toBe(
      `INVALID_PARAMETER_VALUE: Failed to enforce schema of data with schema '${formatted}'. Error: Missing required properties: {'role'}`,
    );
    expect(errorText(() => enforceInputSchema({ messages: 'hi' }, schema))).toContain(
      'Error: Expected data to be list or numpy array, got string',
    );
  });

  it('valid cells pass through as rows', () => {
    expect(
      enforceInputSchema({ messages: [{ role: 'user', content: 'hi' }], custom_inputs: { k: [1] } }, schema)
        .data,
    ).toEqual([{ messages: [{ role: 'user', content: 'hi' }], custom_inputs: { k: [1] } }]);
  });
});
