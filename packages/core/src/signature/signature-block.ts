import { isPlainObject } from '../values/is-plain-object.js';
import { parseParamSchemaJson } from './parse-param-schema.js';
import { parseSchemaJson } from './parse-schema.js';
import { serializeParamSchemaJson } from './serialize-param-schema.js';
import { serializeSchemaJson } from './serialize-schema.js';
import { invalidSignature } from './signature-error.js';
import type { ModelSignature, SignatureBlock } from './types.js';

function readPart<T>(
  block: Record<string, unknown>,
  key: keyof SignatureBlock,
  parse: (json: string) => T,
): T | null {
  const value = block[key];
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    throw invalidSignature(
      `signature.${key} must be a JSON string or null, got ${Array.isArray(value) ? 'a list' : typeof value}.`,
    );
  }
  return parse(value);
}

/**
 * Reads MLmodel's `signature` block (`inputs`/`outputs`/`params` are JSON strings or null) into
 * a validated `ModelSignature`.
 */
export function parseSignature(block: unknown): ModelSignature {
  if (!isPlainObject(block)) {
    throw invalidSignature('signature must be a map with the keys inputs, outputs and params.');
  }
  return {
    inputs: readPart(block, 'inputs', parseSchemaJson),
    outputs: readPart(block, 'outputs', parseSchemaJson),
    params: readPart(block, 'params', parseParamSchemaJson),
  };
}

/**
 * Writes a `ModelSignature` as MLmodel's `signature` block, each part as the exact JSON text
 * MLflow writes (null when absent; an empty params schema is written as null).
 */
export function serializeSignature(signature: ModelSignature): SignatureBlock {
  return {
    inputs: signature.inputs === null ? null : serializeSchemaJson(signature.inputs),
    outputs: signature.outputs === null ? null : serializeSchemaJson(signature.outputs),
    params:
      signature.params === null || signature.params.length === 0
        ? null
        : serializeParamSchemaJson(signature.params),
  };
}
