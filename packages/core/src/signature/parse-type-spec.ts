import { z } from 'zod';
import { compareCodePoints } from '../values/compare-code-points.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { invalidSignature } from './signature-error.js';
import { isDataTypeName } from './spec-guards.js';
import { DATA_TYPE_NAMES, type ObjectSpec, type TypeSpec } from './types.js';

const typedNode = z.looseObject({ type: z.string() });
const requiredFlag = z.boolean().nullish();

const SUPPORTED_TYPES = [...DATA_TYPE_NAMES, 'array', 'object', 'map', 'any', 'sparkml_vector'].join(', ');

/** Object properties, sorted by name as MLflow keeps them; each `required` defaults to true. */
export function parseObjectProperties(raw: unknown, where: string): ObjectSpec['properties'] {
  if (!isPlainObject(raw)) {
    throw invalidSignature(
      `Invalid ${where}: an object type needs 'properties', a map of property name to type.`,
    );
  }
  const names = Object.keys(raw).sort(compareCodePoints);
  if (names.length === 0) {
    throw invalidSignature(`Invalid ${where}: creating an Object with empty properties is not allowed.`);
  }
  const properties: ObjectSpec['properties'] = {};
  for (const name of names) {
    const propertyWhere = `property '${name}' of ${where}`;
    const propertyRaw = raw[name];
    const required = requiredFlag.safeParse(isPlainObject(propertyRaw) ? propertyRaw['required'] : undefined);
    if (!required.success) {
      throw invalidSignature(`Invalid ${propertyWhere}: 'required' must be a boolean.`);
    }
    properties[name] = { ...parseTypeSpec(propertyRaw, propertyWhere), required: required.data ?? true };
  }
  return properties;
}

/**
 * Parses a value type from signature JSON (`{"type": "double"}`, `{"type": "array", "items":
 * …}`, `{"type": "object", "properties": …}`, `{"type": "map", "values": …}`, `{"type": "any"}`),
 * keeping only the keys of the type itself. `where` names the spot for error messages.
 */
export function parseTypeSpec(raw: unknown, where: string): TypeSpec {
  const node = typedNode.safeParse(raw);
  if (!node.success) {
    throw invalidSignature(`Invalid ${where}: expected an object with a string 'type'.`);
  }
  const type = node.data.type;
  if (isDataTypeName(type)) {
    return { type };
  }
  switch (type) {
    case 'array':
      if (node.data['items'] === undefined || node.data['items'] === null) {
        throw invalidSignature(`Invalid ${where}: an array type needs 'items'.`);
      }
      return { type, items: parseTypeSpec(node.data['items'], `items of ${where}`) };
    case 'object':
      return { type, properties: parseObjectProperties(node.data['properties'], where) };
    case 'map':
      if (node.data['values'] === undefined || node.data['values'] === null) {
        throw invalidSignature(`Invalid ${where}: a map type needs 'values'.`);
      }
      return { type, values: parseTypeSpec(node.data['values'], `values of ${where}`) };
    case 'any':
    case 'sparkml_vector':
      return { type };
    default:
      throw invalidSignature(
        `Invalid ${where}: unsupported type '${type}'; expected one of ${SUPPORTED_TYPES}.`,
      );
  }
}
