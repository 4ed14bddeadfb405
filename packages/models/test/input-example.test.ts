import { MillraceError, Table } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { buildInputExampleFiles } from '../src/input-example.js';

describe('buildInputExampleFiles (model-format.md §4)', () => {
  it('writes rows as a dataframe in split orient, served as dataframe_split', () => {
    const files = buildInputExampleFiles([{ prompt: 'What is machine learning?', n: 1 }, { prompt: 'Why?' }]);
    expect(files.info).toEqual({
      artifact_path: 'input_example.json',
      type: 'dataframe',
      pandas_orient: 'split',
      serving_input_path: 'serving_input_example.json',
    });
    expect(files.inputExample).toEqual({
      columns: ['prompt', 'n'],
      data: [
        ['What is machine learning?', 1],
        ['Why?', null],
      ],
    });
    expect(files.servingInputExample).toEqual({ dataframe_split: files.inputExample });
  });

  it('keeps the column order of a Table', () => {
    const files = buildInputExampleFiles(new Table(['b', 'a'], [{ a: 1, b: 2 }]));
    expect(files.inputExample).toEqual({ columns: ['b', 'a'], data: [[2, 1]] });
    expect(files.info.type).toBe('dataframe');
  });

  it.each([['messages'], ['prompt'], ['input']])('serves an object with a %s key unwrapped', (key) => {
    const example = { [key]: 'hello', temperature: 0.5 };
    const files = buildInputExampleFiles(example);
    expect(files.info).toEqual({
      artifact_path: 'input_example.json',
      type: 'json_object',
      serving_input_path: 'serving_input_example.json',
    });
    expect(files.inputExample).toEqual(example);
    expect(files.servingInputExample).toEqual(example);
  });

  it.each([
    [{ question: 'q' }],
    [['a', 'b']],
    ['text'],
    [42],
    [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  ])('wraps any other value %j in inputs', (example) => {
    const files = buildInputExampleFiles(example);
    expect(files.info.type).toBe('json_object');
    expect(files.inputExample).toEqual(example);
    expect(files.servingInputExample).toEqual({ inputs: example });
  });

  it('writes the (example, params) pair as inputs + params and marks it in the info', () => {
    const files = buildInputExampleFiles([{ prompt: 'hi' }], { temperature: 0.6 });
    expect(files.info.params).toBe('true');
    expect(files.inputExample).toEqual({
      inputs: { columns: ['prompt'], data: [['hi']] },
      params: { temperature: 0.6 },
    });
    expect(files.servingInputExample).toEqual({
      dataframe_split: { columns: ['prompt'], data: [['hi']] },
      params: { temperature: 0.6 },
    });
  });

  it('merges params at the top level of an unwrapped LLM body', () => {
    const files = buildInputExampleFiles({ messages: [{ role: 'user', content: 'hi' }] }, { max_tokens: 10 });
    expect(files.inputExample).toEqual({
      inputs: { messages: [{ role: 'user', content: 'hi' }] },
      params: { max_tokens: 10 },
    });
    expect(files.servingInputExample).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 10,
    });
  });

  it('wraps a plain value with params as inputs + params', () => {
    const files = buildInputExampleFiles(['x'], { top_k: 3 });
    expect(files.servingInputExample).toEqual({ inputs: ['x'], params: { top_k: 3 } });
  });

  it('refuses an undefined example and non-object params', () => {
    expect(() => buildInputExampleFiles(undefined)).toThrow(MillraceError);
    expect(() => buildInputExampleFiles('x', ['p'] as unknown as Record<string, unknown>)).toThrow(
      /params of the input example must be a plain object/,
    );
  });
});
