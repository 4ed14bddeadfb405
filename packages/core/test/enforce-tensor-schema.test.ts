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

const tensorSum = parseSignature(parseMLmodel(readMLmodelFixture('tensor_sum')).signature).inputs as Schema;
const TENSOR_SUM_SCHEMA = "[Tensor('float32', (-1, 3))]";

const named = parseSchema([
  { name: 'images', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 2] } },
  { name: 'ids', type: 'tensor', 'tensor-spec': { dtype: 'int64', shape: [-1] } },
]);

describe('unnamed tensor (§6.5)', () => {
  it('accepts a nested array with a matching shape (ints are fine for float dtypes)', () => {
    expect(
      enforceInputSchema(
        [
          [1, 2, 3],
          [4.5, 5, 6],
        ],
        tensorSum,
      ),
    ).toEqual({
      data: [
        [1, 2, 3],
        [4.5, 5, 6],
      ],
      warnings: [],
    });
  });

  it('refuses a shape mismatch with MLflow message', () => {
    expect(errorText(() => enforceInputSchema([[1, 2]], tensorSum))).toBe(
      `INVALID_PARAMETER_VALUE: Failed to enforce schema of data with schema '${TENSOR_SUM_SCHEMA}'. ` +
        'Error: Shape of input (1, 2) does not match expected shape (-1, 3).',
    );
  });

  it('checks the rank', () => {
    expect(errorText(() => enforceInputSchema([1, 2, 3], tensorSum))).toContain(
      'Error: Shape of input (3,) does not match expected shape (-1, 3).',
    );
    expect(errorText(() => enforceInputSchema([], tensorSum))).toContain('Shape of input (0,)');
    expect(errorText(() => enforceInputSchema(7, tensorSum))).toContain('Shape of input ()');
  });

  it('refuses ragged arrays', () => {
    expect(
      errorText(() =>
        enforceInputSchema(
          [
            [1, 2, 3],
            [4, 5],
          ],
          tensorSum,
        ),
      ),
    ).toContain('ragged array');
  });

  it('refuses elements that do not fit the dtype as BAD_REQUEST', () => {
    expect(errorText(() => enforceInputSchema([['a', 'b', 'c']], tensorSum))).toBe(
      "BAD_REQUEST: Invalid input. Data is not compatible with model signature. Failed to convert the input tensor to type 'float32'. " +
        "Error: 'Can not safely convert `string` to `float32` for value `a`'",
    );
    expect(errorText(() => enforceInputSchema([[1, 2, 1e39]], tensorSum))).toContain(
      'is out of range for `float32`',
    );
  });

  it('takes table rows: one column per value, or a single column of arrays', () => {
    expect(
      enforceInputSchema(
        new Table(
          ['a', 'b', 'c'],
          [
            { a: 1, b: 2, c: 3 },
            { a: 4, b: 5, c: 6 },
          ],
        ),
        tensorSum,
      ).data,
    ).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(enforceInputSchema([{ x: [1, 2, 3] }], tensorSum).data).toEqual([[1, 2, 3]]);
    expect(errorText(() => enforceInputSchema(new Table(['a'], []), tensorSum))).toContain(
      'Error: Input DataFrame is empty.',
    );
  });

  it('refuses an object for an unnamed tensor', () => {
    expect(errorText(() => enforceInputSchema({ x: [[1, 2, 3]] }, tensorSum))).toContain(
      'signature with no input names, which suggests an array input',
    );
  });

  it('accepts typed arrays', () => {
    const schema = parseSchema([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } }]);
    expect(enforceInputSchema(new Float32Array([1, 2]), schema).data).toEqual([1, 2]);
  });
});

describe('named tensors (§6.5)', () => {
  it('takes an object of nested arrays and returns one in schema order', () => {
    const result = enforceInputSchema(
      {
        ids: [1, 2],
        images: [
          [0, 1],
          [1, 0],
        ],
        other: 1,
      },
      named,
    );
    expect(result.data).toEqual({
      images: [
        [0, 1],
        [1, 0],
      ],
      ids: [1, 2],
    });
    expect(Object.keys(result.data as object)).toEqual(['images', 'ids']);
    expect(result.warnings[0]).toContain("['other']");
  });

  it('refuses a missing tensor', () => {
    expect(errorText(() => enforceInputSchema({ images: [[0, 1]] }, named))).toContain(
      "Error: Model is missing inputs ['ids'].",
    );
  });

  it('refuses anything that is not an object or rows', () => {
    expect(errorText(() => enforceInputSchema([[1, 2]], named))).toContain(
      'a dictionary input mapping input name to an array, but an input of type array was found.',
    );
  });

  it('takes rows, one column per tensor', () => {
    expect(enforceInputSchema([{ images: [1, 2], ids: 7 }], named).data).toEqual({
      images: [[1, 2]],
      ids: [7],
    });
  });

  it('refuses rows when a tensor has a fixed first dimension', () => {
    const fixed = parseSchema([
      { name: 'x', type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [2] } },
    ]);
    expect(errorText(() => enforceInputSchema([{ x: 1 }, { x: 2 }], fixed))).toContain(
      'the first dimension of the shape must be variable',
    );
  });

  it('checks dtypes: ints in range for int dtypes, booleans for bool, strings for str/object', () => {
    const typed = parseSchema([
      { name: 'u8', type: 'tensor', 'tensor-spec': { dtype: 'uint8', shape: [-1] } },
      { name: 'flag', type: 'tensor', 'tensor-spec': { dtype: 'bool', shape: [-1] } },
      { name: 'text', type: 'tensor', 'tensor-spec': { dtype: 'str', shape: [-1] } },
      { name: 'when', type: 'tensor', 'tensor-spec': { dtype: 'datetime64[ns]', shape: [-1] } },
    ]);
    const valid = { u8: [0, 255], flag: [true], text: ['a'], when: ['2024-01-02'] };
    expect(enforceInputSchema(valid, typed).data).toEqual({
      ...valid,
      when: [new Date(Date.UTC(2024, 0, 2))],
    });
    expect(errorText(() => enforceInputSchema({ ...valid, u8: [256] }, typed))).toContain(
      "Failed to convert tensor 'u8' to type 'uint8'",
    );
    expect(errorText(() => enforceInputSchema({ ...valid, u8: [1.5] }, typed))).toContain("tensor 'u8'");
    expect(errorText(() => enforceInputSchema({ ...valid, flag: [1] }, typed))).toContain(
      "tensor 'flag' to type 'bool'",
    );
    expect(errorText(() => enforceInputSchema({ ...valid, text: [1] }, typed))).toContain(
      "tensor 'text' to type 'str'",
    );
  });
});
