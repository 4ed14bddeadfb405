import { describe, expect, it } from 'vitest';
import {
  inferParamSchema,
  inferSchema,
  inferSignature,
  MillraceError,
  serializeSignature,
  Table,
} from '../src/index.js';

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      return `${error.errorCode}: ${error.message}`;
    }
    throw error;
  }
  return 'no error';
}

describe('inferSchema', () => {
  it('infers named columns from an array of row objects, in first-seen order', () => {
    expect(
      inferSchema([
        { prompt: 'hi', temperature: 0.5 },
        { prompt: 'yo', temperature: 1 },
      ]),
    ).toEqual([
      { type: 'string', name: 'prompt', required: true },
      { type: 'double', name: 'temperature', required: true },
    ]);
  });

  it('infers named columns from a Table', () => {
    expect(inferSchema(new Table(['a', 'b'], [{ a: 1, b: true }]))).toEqual([
      { type: 'long', name: 'a', required: true },
      { type: 'boolean', name: 'b', required: true },
    ]);
  });

  it('infers one row of named columns from a plain object (an LLM request body)', () => {
    expect(inferSchema({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 })).toEqual([
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            content: { type: 'string', required: true },
            role: { type: 'string', required: true },
          },
        },
        name: 'messages',
        required: true,
      },
      { type: 'long', name: 'max_tokens', required: true },
    ]);
  });

  it('infers one unnamed column from a single value', () => {
    expect(inferSchema('hello')).toEqual([{ type: 'string', required: true }]);
    expect(inferSchema(3)).toEqual([{ type: 'long', required: true }]);
    expect(inferSchema(false)).toEqual([{ type: 'boolean', required: true }]);
  });

  it('infers one unnamed string column from a list of strings', () => {
    expect(inferSchema(['a', 'b'])).toEqual([{ type: 'string', required: true }]);
  });

  it('gives long for integral numbers and double otherwise, double when both appear', () => {
    expect(inferSchema([1, 2])).toEqual([{ type: 'long', required: true }]);
    expect(inferSchema([1.5])).toEqual([{ type: 'double', required: true }]);
    expect(inferSchema([{ x: 1 }, { x: 2.5 }])).toEqual([{ type: 'double', name: 'x', required: true }]);
    expect(inferSchema(10n)).toEqual([{ type: 'long', required: true }]);
  });

  it('gives binary for Buffers and Uint8Arrays and datetime for Dates', () => {
    expect(inferSchema({ data: Buffer.from('x'), raw: new Uint8Array([1]), at: new Date() })).toEqual([
      { type: 'binary', name: 'data', required: true },
      { type: 'binary', name: 'raw', required: true },
      { type: 'datetime', name: 'at', required: true },
    ]);
  });

  it('gives Array and Object types for nested values, merging element types', () => {
    expect(
      inferSchema({ tags: ['a'], scores: [1, 2.5], nested: [[1], []], meta: { a: 1, b: null } }),
    ).toEqual([
      { type: 'array', items: { type: 'string' }, name: 'tags', required: true },
      { type: 'array', items: { type: 'double' }, name: 'scores', required: true },
      { type: 'array', items: { type: 'array', items: { type: 'long' } }, name: 'nested', required: true },
      {
        type: 'object',
        properties: { a: { type: 'long', required: true }, b: { type: 'any', required: false } },
        name: 'meta',
        required: true,
      },
    ]);
  });

  it('makes a column optional when a row has null or lacks it, and any when it is only null', () => {
    expect(inferSchema([{ a: 1, b: 'x', c: null }, { a: null }])).toEqual([
      { type: 'long', name: 'a', required: false },
      { type: 'string', name: 'b', required: false },
      { type: 'any', name: 'c', required: false },
    ]);
  });

  it('makes an object property optional when some rows lack it', () => {
    expect(inferSchema([{ o: { a: 1, b: 2 } }, { o: { a: 3 } }])).toEqual([
      {
        type: 'object',
        properties: { a: { type: 'long', required: true }, b: { type: 'long', required: false } },
        name: 'o',
        required: true,
      },
    ]);
  });

  it('refuses values that cannot be typed', () => {
    expect(messageOf(() => inferSchema([]))).toContain('empty array');
    expect(messageOf(() => inferSchema(null))).toContain('the example is null');
    expect(messageOf(() => inferSchema([{ a: 1 }, 'x']))).toContain('either row objects or values');
    expect(messageOf(() => inferSchema([{ a: 1 }, { a: 'x' }]))).toBe(
      "INVALID_PARAMETER_VALUE: Cannot infer a signature: column 'a' has values of incompatible types long and string.",
    );
    expect(messageOf(() => inferSchema({ f: new Map() }))).toContain('value of type Map');
  });
});

describe('inferParamSchema', () => {
  it('infers scalar params with their values as defaults', () => {
    expect(inferParamSchema({ temperature: 0.1, max_tokens: 1000, stream: false, mode: 'fast' })).toEqual([
      { name: 'temperature', default: 0.1, shape: null, type: 'double' },
      { name: 'max_tokens', default: 1000, shape: null, type: 'long' },
      { name: 'stream', default: false, shape: null, type: 'boolean' },
      { name: 'mode', default: 'fast', shape: null, type: 'string' },
    ]);
  });

  it('gives arrays shape [-1] and merges their element types', () => {
    expect(inferParamSchema({ stop: ['\n'], weights: [1, 0.5] })).toEqual([
      { name: 'stop', default: ['\n'], shape: [-1], type: 'string' },
      { name: 'weights', default: [1, 0.5], shape: [-1], type: 'double' },
    ]);
  });

  it('gives Dates the datetime type with an isoformat default', () => {
    expect(inferParamSchema({ when: new Date(Date.UTC(2023, 6, 1, 12)) })).toEqual([
      { name: 'when', default: '2023-07-01T12:00:00', shape: null, type: 'datetime' },
    ]);
  });

  it('gives objects the object type with inferred properties', () => {
    expect(inferParamSchema({ cfg: { k: 1 } })).toEqual([
      {
        name: 'cfg',
        default: { k: 1 },
        shape: null,
        type: 'object',
        properties: { k: { type: 'long', required: true } },
      },
    ]);
  });

  it('refuses null, empty or nested arrays, binary values and non-objects', () => {
    expect(messageOf(() => inferParamSchema({ a: null }))).toContain("param 'a' has no value");
    expect(messageOf(() => inferParamSchema({ a: [] }))).toContain('empty array');
    expect(messageOf(() => inferParamSchema({ a: [[1]] }))).toContain('nested array');
    expect(messageOf(() => inferParamSchema({ a: Buffer.from('x') }))).toContain('binary is not supported');
    expect(messageOf(() => inferParamSchema(['x']))).toContain('params must be a plain object, got array');
  });
});

describe('inferSignature', () => {
  it('infers inputs, outputs and params, leaving absent parts null', () => {
    const signature = inferSignature({ prompt: 'hi' }, 'answer', { temperature: 0.5 });
    expect(signature).toEqual({
      inputs: [{ type: 'string', name: 'prompt', required: true }],
      outputs: [{ type: 'string', required: true }],
      params: [{ name: 'temperature', default: 0.5, shape: null, type: 'double' }],
    });
    expect(inferSignature(['a'])).toEqual({
      inputs: [{ type: 'string', required: true }],
      outputs: null,
      params: null,
    });
    expect(inferSignature(['a'], undefined, {}).params).toBeNull();
  });

  it('infers outputs the same way as inputs', () => {
    expect(inferSignature('x', [{ label: 'spam', score: 0.9 }]).outputs).toEqual([
      { type: 'string', name: 'label', required: true },
      { type: 'double', name: 'score', required: true },
    ]);
  });

  it('produces a signature MLflow can read', () => {
    expect(serializeSignature(inferSignature({ prompt: 'hi' }, undefined, { top_p: 1.5 }))).toEqual({
      inputs: '[{"type": "string", "name": "prompt", "required": true}]',
      outputs: null,
      params: '[{"name": "top_p", "default": 1.5, "shape": null, "type": "double"}]',
    });
  });
});
