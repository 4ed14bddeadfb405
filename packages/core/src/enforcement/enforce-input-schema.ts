import type { ColSpec, Schema, TensorSpec } from '../signature/types.js';
import { enforceColumnSchema, type EnforcedInput } from './enforce-column-schema.js';
import { enforceTensorSchema } from './enforce-tensor-schema.js';

/**
 * Checks and converts a model input against the signature's input schema before `predict`
 * (model-format.md §6, with Millrace's stricter typing). Column-based schemas always give an
 * array of row objects; tensor schemas give nested arrays (an object of them when named).
 * Without a schema the input is returned as is. Conversion failures are BAD_REQUEST; structural
 * ones (missing inputs, object properties, shapes) INVALID_PARAMETER_VALUE. Messages never
 * contain the input data.
 */
export function enforceInputSchema(input: unknown, schema: Schema | null | undefined): EnforcedInput {
  if (schema === null || schema === undefined || schema.length === 0) {
    return { data: input, warnings: [] };
  }
  if (schema[0]?.type === 'tensor') {
    return enforceTensorSchema(input, schema as TensorSpec[]);
  }
  return enforceColumnSchema(input, schema as ColSpec[]);
}
