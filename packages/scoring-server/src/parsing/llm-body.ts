import type { ParsedRequest, RequestSchemaInfo } from './parsed-request.js';
import { readStreamFlag } from './stream-flag.js';
import { setOwnProperty } from './json-value-type.js';

/** Top-level keys that make a JSON body an unwrapped LLM request (scoring-server.md §4.5). */
export const LLM_BODY_KEYS = ['messages', 'prompt', 'input'] as const;

export function isLlmBody(body: Record<string, unknown>): boolean {
  return LLM_BODY_KEYS.some((key) => Object.hasOwn(body, key));
}

/**
 * Splits an unwrapped LLM body (`{"messages": [...], "temperature": 0.5, ...}`): keys named in the
 * ParamSchema become params, every other key stays in the data object handed to `predict`, where
 * schema enforcement keeps the schema's columns. `stream` asks for a streamed answer; it stays in
 * the data only if the input schema has a `stream` column (or goes to params if the ParamSchema
 * names it). The answer is not wrapped in `{"predictions": ...}`.
 */
export function splitLlmBody(body: Record<string, unknown>, schema: RequestSchemaInfo): ParsedRequest {
  const data: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  let stream = false;
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (key === 'stream') {
      stream = readStreamFlag(value);
      if (schema.paramNames?.has(key) !== true && !schema.inputColumnNames.has(key)) continue;
    }
    if (schema.paramNames?.has(key) === true) setOwnProperty(params, key, value);
    else setOwnProperty(data, key, value);
  }
  return { input: data, params: schema.paramNames === null ? undefined : params, wrapped: false, stream };
}
