import { dumpPythonJson, PythonDict } from '../python-compat/python-json.js';
import { compareCodePoints } from '../values/compare-code-points.js';
import { parseSchema } from './parse-schema.js';
import type { InputSpec, ObjectSpec, Schema, TypeSpec } from './types.js';

function propertiesToDict(properties: ObjectSpec['properties']): PythonDict {
  const names = Object.keys(properties).sort(compareCodePoints);
  return new PythonDict(
    names.map((name) => {
      const property = properties[name];
      if (property === undefined) {
        throw new Error(`unreachable: property ${name}`);
      }
      return [name, new PythonDict([...typeSpecToDict(property).entries, ['required', property.required]])];
    }),
  );
}

/** A value type as MLflow's `to_dict()` writes it: `type` first, then items/properties/values. */
export function typeSpecToDict(spec: TypeSpec): PythonDict {
  switch (spec.type) {
    case 'array':
      return new PythonDict([
        ['type', 'array'],
        ['items', typeSpecToDict(spec.items)],
      ]);
    case 'object':
      return new PythonDict([
        ['type', 'object'],
        ['properties', propertiesToDict(spec.properties)],
      ]);
    case 'map':
      return new PythonDict([
        ['type', 'map'],
        ['values', typeSpecToDict(spec.values)],
      ]);
    default:
      return new PythonDict([['type', spec.type]]);
  }
}

function inputSpecToDict(spec: InputSpec): PythonDict {
  if (spec.type === 'tensor') {
    const tensor = new PythonDict([
      ['dtype', spec['tensor-spec'].dtype],
      ['shape', spec['tensor-spec'].shape],
    ]);
    return new PythonDict([
      ...(spec.name === undefined ? [] : [['name', spec.name] as const]),
      ['type', 'tensor'],
      ['tensor-spec', tensor],
    ]);
  }
  return new PythonDict([
    ...typeSpecToDict(spec).entries,
    ...(spec.name === undefined ? [] : [['name', spec.name] as const]),
    ['required', spec.required],
  ]);
}

/**
 * The JSON text MLflow writes for a schema (`Schema.to_json()`): Python `json.dumps` formatting
 * and MLflow's key order (ColSpec: type, items/properties/values, name, required; TensorSpec:
 * name, type, tensor-spec). The schema is validated first.
 */
export function serializeSchemaJson(schema: Schema): string {
  return dumpPythonJson(parseSchema(schema).map((spec) => inputSpecToDict(spec)));
}
