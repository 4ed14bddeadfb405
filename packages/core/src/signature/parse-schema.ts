import { z } from 'zod';
import { formatPythonRepr } from '../python-compat/python-repr.js';
import { isPlainObject } from '../values/is-plain-object.js';
import { parseTypeSpec } from './parse-type-spec.js';
import { invalidSignature } from './signature-error.js';
import { isDataTypeName } from './spec-guards.js';
import { checkTensorDtype } from './tensor-dtype.js';
import type { ColSpec, InputSpec, Schema, TensorSpec } from './types.js';

const columnName = z.string().nullish();
const requiredFlag = z.boolean().nullish();
const tensorBody = z.looseObject({
  dtype: z.string(),
  shape: z.array(z.number().int().min(-1)),
});

function describeEntry(index: number, raw: unknown): string {
  const name = isPlainObject(raw) && typeof raw['name'] === 'string' ? ` '${raw['name']}'` : '';
  return `input${name} (schema entry ${index})`;
}

function parseTensorSpec(raw: Record<string, unknown>, name: string | undefined, where: string): TensorSpec {
  const body = tensorBody.safeParse(raw['tensor-spec']);
  if (!body.success) {
    throw invalidSignature(
      `Invalid ${where}: a tensor needs 'tensor-spec' with a string 'dtype' and a 'shape' list of integers (-1 for a variable dimension).`,
    );
  }
  checkTensorDtype(body.data.dtype, where);
  const spec: TensorSpec = {
    type: 'tensor',
    'tensor-spec': { dtype: body.data.dtype, shape: body.data.shape },
  };
  return name === undefined ? spec : { name, ...spec };
}

function parseInputSpec(raw: unknown, index: number): InputSpec {
  const where = describeEntry(index, raw);
  if (!isPlainObject(raw)) {
    throw invalidSignature(`Invalid ${where}: expected an object with a string 'type'.`);
  }
  const name = columnName.safeParse(raw['name']);
  if (!name.success) {
    throw invalidSignature(`Invalid ${where}: 'name' must be a string.`);
  }
  const spec = name.data ?? undefined;
  if (raw['type'] === 'tensor') {
    return parseTensorSpec(raw, spec, where);
  }
  const typeSpec = parseTypeSpec(raw, where);
  const required = requiredFlag.safeParse(raw['required']);
  if (!required.success) {
    throw invalidSignature(`Invalid ${where}: 'required' must be a boolean.`);
  }
  // An absent `required` means true for DataTypes; MLflow leaves it None (optional) for the others.
  const requiredValue = required.data ?? isDataTypeName(typeSpec.type);
  return spec === undefined
    ? { ...typeSpec, required: requiredValue }
    : { ...typeSpec, name: spec, required: requiredValue };
}

function checkSchemaRules(specs: InputSpec[]): void {
  if (specs.length === 0) {
    throw invalidSignature('Creating Schema with empty inputs is not allowed.');
  }
  const tensorCount = specs.filter((spec) => spec.type === 'tensor').length;
  if (tensorCount !== 0 && tensorCount !== specs.length) {
    throw invalidSignature('Creating Schema with a combination of ColSpec and TensorSpec is not allowed.');
  }
  const namedCount = specs.filter((spec) => spec.name !== undefined).length;
  if (namedCount !== 0 && namedCount !== specs.length) {
    const names = specs.map((spec) => spec.name ?? null);
    throw invalidSignature(
      `Creating Schema with a combination of named and unnamed inputs is not allowed. Got input names ${formatPythonRepr(names)}.`,
    );
  }
  if (namedCount === 0) {
    if (tensorCount > 1) {
      throw invalidSignature(
        'Creating Schema with multiple unnamed TensorSpecs is not supported. Please provide names for each TensorSpec.',
      );
    }
    if (specs.some((spec) => spec.type !== 'tensor' && !(spec as ColSpec).required)) {
      throw invalidSignature(
        'Creating Schema with unnamed optional inputs is not supported: unnamed inputs are always required.',
      );
    }
    return;
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const spec of specs) {
    const name = spec.name ?? '';
    if (seen.has(name)) {
      duplicates.add(name);
    }
    seen.add(name);
  }
  if (duplicates.size > 0) {
    throw invalidSignature(`Duplicated input names found in schema: ${formatPythonRepr([...duplicates])}.`);
  }
}

/**
 * Validates a schema given as a JSON-like value (the parsed signature JSON, or a `Schema`
 * built in code) and returns it normalized: `required` filled in, object properties sorted,
 * only the keys MLflow defines. Applies MLflow's construction rules (model-format.md §5.2-5.3).
 */
export function parseSchema(raw: unknown): Schema {
  if (!Array.isArray(raw)) {
    throw invalidSignature('A schema must be a list of column or tensor specs.');
  }
  const specs = raw.map((entry, index) => parseInputSpec(entry, index));
  checkSchemaRules(specs);
  return specs;
}

/** Parses a schema from its JSON text, as stored in MLmodel's `signature.inputs`/`outputs`. */
export function parseSchemaJson(json: string): Schema {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw invalidSignature(
      `A schema must be valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseSchema(raw);
}
