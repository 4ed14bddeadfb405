import { describe, expect, it } from 'vitest';
import {
  MillraceError,
  parseMLmodel,
  parseParamSchema,
  parseParamSchemaJson,
  parseSchema,
  parseSchemaJson,
  parseSignature,
  serializeParamSchemaJson,
  serializeSchemaJson,
  serializeSignature,
  type ParamSchema,
  type Schema,
} from '../src/index.js';
import { listMLmodelFixtures, readMLmodelFixture } from './fixture-files.js';

function captureError(action: () => unknown): MillraceError {
  try {
    action();
  } catch (error) {
    if (MillraceError.isInstance(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a MillraceError');
}

describe('signature round trip on MLmodel files written by MLflow', () => {
  for (const name of listMLmodelFixtures()) {
    const block = parseMLmodel(readMLmodelFixture(name)).signature;
    if (block === undefined) {
      continue;
    }
    it(`${name}: parse → serialize gives back the same JSON strings`, () => {
      expect(serializeSignature(parseSignature(block))).toEqual(block);
    });
  }

  it('reads the chat_echo signature into typed specs', () => {
    const signature = parseSignature(parseMLmodel(readMLmodelFixture('chat_echo')).signature);
    expect(signature.inputs?.[0]).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: { content: { type: 'string', required: true }, role: { type: 'string', required: true } },
      },
      name: 'messages',
      required: true,
    });
    expect(signature.outputs).toBeNull();
    expect(signature.params).toEqual([{ name: 'top_p', default: 1, shape: null, type: 'double' }]);
  });
});

describe('model-format.md §5 examples', () => {
  const columnSpecs = [
    '{"type": "double", "name": "x", "required": true}',
    '{"type": "array", "items": {"type": "string"}, "name": "tags", "required": false}',
    '{"type": "object", "properties": {"content": {"type": "string", "required": false}, "role": {"type": "string", "required": true}}, "name": "msg", "required": true}',
    '{"type": "map", "values": {"type": "double"}, "name": "scores", "required": true}',
    '{"type": "any", "name": "blob", "required": false}',
    '{"type": "sparkml_vector", "name": "features", "required": true}',
  ];

  it('round-trips every ColSpec form byte for byte', () => {
    const json = `[${columnSpecs.join(', ')}]`;
    expect(serializeSchemaJson(parseSchemaJson(json))).toBe(json);
  });

  it('round-trips a named TensorSpec', () => {
    const json =
      '[{"name": "images", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 28, 28]}}]';
    expect(serializeSchemaJson(parseSchemaJson(json))).toBe(json);
  });

  it('round-trips the params example (float default, list default, datetime, object)', () => {
    const json =
      '[{"name": "temperature", "default": 0.5, "shape": null, "type": "double"}, ' +
      '{"name": "stop", "default": ["\\n"], "shape": [-1], "type": "string"}, ' +
      '{"name": "when", "default": "2023-07-01", "shape": null, "type": "datetime"}, ' +
      '{"name": "cfg", "default": {"k": 1}, "shape": null, "type": "object", "properties": {"k": {"type": "long", "required": true}}}]';
    expect(serializeParamSchemaJson(parseParamSchemaJson(json))).toBe(json);
  });

  it('round-trips the full MLmodel signature example', () => {
    const block = {
      inputs:
        '[{"type": "double", "name": "a", "required": true}, {"type": "string", "name": "b", "required": false}]',
      outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]',
      params: '[{"name": "threshold", "default": 0.5, "shape": null, "type": "double"}]',
    };
    expect(serializeSignature(parseSignature(block))).toEqual(block);
  });
});

describe('serializing like json.dumps', () => {
  it('writes whole-number defaults of float/double params as floats and of long params as ints', () => {
    const params: ParamSchema = [
      { name: 'top_p', type: 'double', default: 1, shape: null },
      { name: 'scales', type: 'float', default: [1, 2.5], shape: [-1] },
      { name: 'max_tokens', type: 'long', default: 1000, shape: null },
    ];
    expect(serializeParamSchemaJson(params)).toBe(
      '[{"name": "top_p", "default": 1.0, "shape": null, "type": "double"}, ' +
        '{"name": "scales", "default": [1.0, 2.5], "shape": [-1], "type": "float"}, ' +
        '{"name": "max_tokens", "default": 1000, "shape": null, "type": "long"}]',
    );
  });

  it('types object-param defaults by their properties', () => {
    const params: ParamSchema = [
      {
        name: 'cfg',
        type: 'object',
        default: { ratio: 2, count: 2 },
        shape: null,
        properties: { count: { type: 'long', required: true }, ratio: { type: 'double', required: true } },
      },
    ];
    expect(serializeParamSchemaJson(params)).toContain('"default": {"ratio": 2.0, "count": 2}');
  });

  it('writes Date defaults with isoformat() and escapes non-ASCII text', () => {
    const params: ParamSchema = [
      { name: 'when', type: 'datetime', default: new Date(Date.UTC(2023, 6, 1, 12)), shape: null },
      { name: 'greeting', type: 'string', default: 'héllo', shape: null },
    ];
    const json = serializeParamSchemaJson(params);
    expect(json).toContain('"default": "2023-07-01T12:00:00"');
    expect(json).toContain('"default": "h\\u00e9llo"');
  });

  it('writes keys in MLflow order whatever order the object was built in, and sorts object properties', () => {
    const schema = [
      {
        required: false,
        name: 'msg',
        properties: {
          role: { type: 'string', required: true },
          content: { required: false, type: 'string' },
        },
        type: 'object',
      },
    ] as unknown as Schema;
    expect(serializeSchemaJson(schema)).toBe(
      '[{"type": "object", "properties": {"content": {"type": "string", "required": false}, "role": {"type": "string", "required": true}}, "name": "msg", "required": false}]',
    );
  });

  it('writes an unnamed TensorSpec without a name key and an empty params schema as null', () => {
    expect(
      serializeSchemaJson([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3] } }]),
    ).toBe('[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]');
    expect(serializeSignature({ inputs: null, outputs: null, params: [] })).toEqual({
      inputs: null,
      outputs: null,
      params: null,
    });
  });
});

describe('schema construction rules (§5.2-5.3)', () => {
  it('defaults required to true for DataType columns and to optional for complex columns without the key', () => {
    const schema = parseSchema([
      { type: 'double', name: 'a' },
      { type: 'array', items: { type: 'string' }, name: 'b' },
    ]);
    expect(schema.map((spec) => (spec.type === 'tensor' ? null : spec.required))).toEqual([true, false]);
  });

  it('defaults object properties to required and sorts them by name', () => {
    const [spec] = parseSchema([
      {
        type: 'object',
        properties: { z: { type: 'long' }, a: { type: 'string', required: false } },
        name: 'o',
      },
    ]);
    expect(spec).toEqual({
      type: 'object',
      properties: { a: { type: 'string', required: false }, z: { type: 'long', required: true } },
      name: 'o',
      // No `required` key on a complex column: optional, as MLflow's None.
      required: false,
    });
  });

  it('refuses an empty schema', () => {
    expect(captureError(() => parseSchema([])).message).toBe(
      'Creating Schema with empty inputs is not allowed.',
    );
  });

  it('refuses a mix of named and unnamed inputs', () => {
    const error = captureError(() => parseSchema([{ type: 'double', name: 'a' }, { type: 'double' }]));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toBe(
      "Creating Schema with a combination of named and unnamed inputs is not allowed. Got input names ['a', None].",
    );
  });

  it('refuses optional unnamed inputs', () => {
    expect(captureError(() => parseSchema([{ type: 'double', required: false }])).message).toContain(
      'unnamed optional inputs',
    );
  });

  it('refuses a mix of ColSpec and TensorSpec', () => {
    const error = captureError(() =>
      parseSchema([
        { type: 'double', name: 'a' },
        { type: 'tensor', name: 't', 'tensor-spec': { dtype: 'float32', shape: [-1] } },
      ]),
    );
    expect(error.message).toBe(
      'Creating Schema with a combination of ColSpec and TensorSpec is not allowed.',
    );
  });

  it('refuses more than one unnamed TensorSpec', () => {
    const tensor = { type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1] } };
    expect(captureError(() => parseSchema([tensor, tensor])).message).toContain(
      'multiple unnamed TensorSpecs',
    );
  });

  it('refuses duplicate column names', () => {
    expect(
      captureError(() =>
        parseSchema([
          { type: 'double', name: 'a' },
          { type: 'long', name: 'a' },
        ]),
      ).message,
    ).toBe("Duplicated input names found in schema: ['a'].");
  });

  it('refuses objects without properties, arrays without items, maps without values and unknown types', () => {
    expect(
      captureError(() => parseSchema([{ type: 'object', properties: {}, name: 'o' }])).message,
    ).toContain('empty properties');
    expect(captureError(() => parseSchema([{ type: 'array', name: 'a' }])).message).toContain(
      "needs 'items'",
    );
    expect(captureError(() => parseSchema([{ type: 'map', name: 'm' }])).message).toContain("needs 'values'");
    expect(captureError(() => parseSchema([{ type: 'decimal', name: 'd' }])).message).toContain(
      "unsupported type 'decimal'",
    );
  });

  it('checks tensor dtypes: numpy names accepted, sized flexible types and unknown names refused', () => {
    const tensor = (dtype: string) => [{ type: 'tensor', 'tensor-spec': { dtype, shape: [-1] } }];
    for (const dtype of [
      'bool',
      'int8',
      'uint64',
      'float16',
      'object',
      'str',
      '<U0',
      'bytes',
      'datetime64[ns]',
    ]) {
      expect(() => parseSchema(tensor(dtype)), dtype).not.toThrow();
    }
    expect(captureError(() => parseSchema(tensor('<U10'))).message).toContain('carries a size');
    expect(captureError(() => parseSchema(tensor('float99'))).message).toContain(
      "unsupported tensor dtype 'float99'",
    );
    expect(
      captureError(() => parseSchema([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-2] } }]))
        .message,
    ).toContain("'shape' list of integers");
  });

  it('refuses a schema that is not valid JSON or not a list', () => {
    expect(captureError(() => parseSchemaJson('[{')).message).toMatch(/^A schema must be valid JSON/);
    expect(captureError(() => parseSchemaJson('{}')).message).toBe(
      'A schema must be a list of column or tensor specs.',
    );
  });
});

describe('params schema rules (§5.4)', () => {
  it('accepts the legacy dtype key and writes it back as type', () => {
    const params = parseParamSchemaJson('[{"name": "k", "dtype": "long", "default": 3, "shape": null}]');
    expect(params).toEqual([{ name: 'k', default: 3, shape: null, type: 'long' }]);
    expect(serializeParamSchemaJson(params)).toBe(
      '[{"name": "k", "default": 3, "shape": null, "type": "long"}]',
    );
  });

  it('treats a missing shape as a scalar', () => {
    expect(parseParamSchema([{ name: 'k', type: 'string', default: 'x' }])[0]?.shape).toBeNull();
  });

  it('requires name, type and default', () => {
    expect(captureError(() => parseParamSchema([{ name: 'k', type: 'long' }])).message).toContain(
      "'default'",
    );
    expect(captureError(() => parseParamSchema([{ type: 'long', default: 1 }])).message).toContain("'name'");
    expect(captureError(() => parseParamSchema([{ name: 'k', default: 1 }])).message).toContain(
      "unsupported type ''",
    );
  });

  it('refuses binary params with MLflow message', () => {
    expect(
      captureError(() => parseParamSchema([{ name: 'b', type: 'binary', default: null, shape: null }]))
        .message,
    ).toBe("Binary type is not supported for parameters, ParamSpec 'b' has dtype binary");
  });

  it('refuses shapes other than null and [-1]', () => {
    expect(
      captureError(() => parseParamSchema([{ name: 'k', type: 'long', default: [1], shape: [2] }])).message,
    ).toContain('shape must be null');
  });

  it('refuses duplicated names', () => {
    const spec = { name: 'k', type: 'long', default: 1, shape: null };
    expect(captureError(() => parseParamSchema([spec, spec])).message).toBe(
      "Duplicated parameters found in schema: ['k']",
    );
  });

  it('validates the default against type and shape', () => {
    expect(
      captureError(() => parseParamSchema([{ name: 'k', type: 'long', default: 1.5, shape: null }])).message,
    ).toBe(
      "Failed to validate type and shape for 'k': long (default: 1.5), error: Can not safely convert `number` to `long` for value `1.5`",
    );
    expect(
      captureError(() => parseParamSchema([{ name: 's', type: 'string', default: 'x', shape: [-1] }]))
        .message,
    ).toContain('Value must be a 1D array with shape (-1,)');
    expect(
      captureError(() => parseParamSchema([{ name: 'd', type: 'datetime', default: 'soon', shape: null }]))
        .message,
    ).toContain('to `datetime`');
  });

  it('validates object defaults against their properties', () => {
    const error = captureError(() =>
      parseParamSchema([
        {
          name: 'cfg',
          type: 'object',
          default: { x: 1 },
          shape: null,
          properties: { k: { type: 'long', required: true } },
        },
      ]),
    );
    expect(error.message).toContain("Missing required properties: {'k'}");
  });

  it('accepts a null default', () => {
    expect(
      parseParamSchema([{ name: 'k', type: 'long', default: null, shape: null }])[0]?.default,
    ).toBeNull();
  });
});

describe('parseSignature', () => {
  it('accepts absent parts as null and refuses non-string parts', () => {
    expect(parseSignature({ inputs: '[{"type": "string", "required": true}]' })).toEqual({
      inputs: [{ type: 'string', required: true }],
      outputs: null,
      params: null,
    });
    expect(captureError(() => parseSignature({ inputs: [{ type: 'string' }] })).message).toBe(
      'signature.inputs must be a JSON string or null, got a list.',
    );
    expect(captureError(() => parseSignature('nope')).message).toContain('signature must be a map');
  });
});
