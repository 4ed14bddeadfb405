import { describe, expect, it } from 'vitest';
import {
  formatInputSpec,
  formatParamSchema,
  formatParamSpec,
  formatSchema,
  formatTypeSpec,
  parseSchema,
} from '../src/index.js';

describe('formatSchema (MLflow repr used in messages)', () => {
  it('formats a column schema as in MLflow messages', () => {
    const schema = parseSchema([
      { type: 'double', name: 'a', required: true },
      { type: 'string', name: 'b', required: false },
    ]);
    expect(formatSchema(schema)).toBe("['a': double (required), 'b': string (optional)]");
  });

  it('formats the chat_echo schema exactly as MLflow 3.6 printed it', () => {
    const schema = parseSchema([
      {
        type: 'array',
        items: { type: 'object', properties: { role: { type: 'string' }, content: { type: 'string' } } },
        name: 'messages',
        required: true,
      },
      { type: 'double', name: 'temperature', required: false },
      { type: 'long', name: 'max_tokens', required: false },
    ]);
    expect(formatSchema(schema)).toBe(
      "['messages': Array({content: string (required), role: string (required)}) (required), 'temperature': double (optional), 'max_tokens': long (optional)]",
    );
  });

  it('formats value types', () => {
    expect(formatSchema({ type: 'array', items: { type: 'string' } })).toBe('Array(string)');
    expect(
      formatSchema({
        type: 'object',
        properties: {
          role: { type: 'string', required: true },
          content: { type: 'string', required: false },
        },
      }),
    ).toBe('{content: string (optional), role: string (required)}');
    expect(formatTypeSpec({ type: 'map', values: { type: 'double' } })).toBe('Map(str -> double)');
    expect(formatTypeSpec({ type: 'any' })).toBe('Any');
    expect(formatTypeSpec({ type: 'sparkml_vector' })).toBe('SparkML vector');
  });

  it('formats tensor specs with the dtype and a Python tuple shape', () => {
    expect(formatSchema({ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 28] } })).toBe(
      "Tensor('float32', (-1, 28))",
    );
    expect(formatSchema([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }])).toBe(
      "[Tensor('float32', (-1, 3))]",
    );
    expect(
      formatInputSpec({ type: 'tensor', name: 'x', 'tensor-spec': { dtype: 'int64', shape: [-1] } }),
    ).toBe("'x': Tensor('int64', (-1,))");
  });

  it('formats unnamed columns without a name', () => {
    expect(formatSchema([{ type: 'string', required: true }])).toBe('[string (required)]');
  });
});

describe('formatParamSpec', () => {
  it('formats defaults with Python str() and float typing', () => {
    expect(formatParamSpec({ name: 'max_tokens', type: 'long', default: 1000, shape: null })).toBe(
      "'max_tokens': long (default: 1000)",
    );
    expect(formatParamSpec({ name: 'top_p', type: 'double', default: 1, shape: null })).toBe(
      "'top_p': double (default: 1.0)",
    );
    expect(formatParamSpec({ name: 'stop', type: 'string', default: ['\n'], shape: [-1] })).toBe(
      "'stop': string (default: ['\\n'], shape: (-1,))",
    );
    expect(formatParamSpec({ name: 'mode', type: 'string', default: 'fast', shape: null })).toBe(
      "'mode': string (default: fast)",
    );
  });

  it('formats a params schema as a list', () => {
    expect(
      formatParamSchema([
        { name: 'a', type: 'boolean', default: true, shape: null },
        { name: 'b', type: 'long', default: null, shape: null },
      ]),
    ).toBe("['a': boolean (default: True), 'b': long (default: None)]");
  });
});
