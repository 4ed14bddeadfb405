import { MillraceError } from '@millrace/core';
import { parseDataframeRecords } from './dataframe-records.js';
import { parseDataframeSplit } from './dataframe-split.js';
import { formatNameList } from './format-name-list.js';
import { parseInstances } from './instances.js';
import { isJsonObject, jsonValueType } from './json-value-type.js';
import { isLlmBody, splitLlmBody } from './llm-body.js';
import type { ParsedRequest, RequestSchemaInfo } from './parsed-request.js';
import { readStreamFlag } from './stream-flag.js';

/** The wrapper keys of MLflow's JSON scoring protocol, sorted (MLflow prints them as a Python set). */
const WRAPPER_KEYS = ['dataframe_records', 'dataframe_split', 'inputs', 'instances'] as const;
type WrapperKey = (typeof WRAPPER_KEYS)[number];
const WRAPPER_KEY_SET: ReadonlySet<string> = new Set(WRAPPER_KEYS);
const OTHER_ALLOWED_KEYS: ReadonlySet<string> = new Set(['params', 'stream']);

const EXPECTED_FIELDS = `The input must be a JSON dictionary with exactly one of the input fields ${formatNameList(WRAPPER_KEYS)}.`;

function readWrappedInput(key: WrapperKey, value: unknown): unknown {
  switch (key) {
    case 'dataframe_split':
      return parseDataframeSplit(value);
    case 'dataframe_records':
      return parseDataframeRecords(value);
    case 'instances':
      return parseInstances(value);
    case 'inputs':
      return value;
  }
}

/**
 * Turns a parsed JSON body into the model input (scoring-server.md §4): an unwrapped LLM body when
 * a top-level `messages`/`prompt`/`input` key is present, else exactly one wrapper key plus optional
 * `params` (and `stream`). Unlike MLflow, unknown top-level keys next to a wrapper are an error
 * rather than silently ignored, and the expected keys are listed in a stable order.
 */
export function parseJsonRequest(body: unknown, schema: RequestSchemaInfo): ParsedRequest {
  if (!isJsonObject(body)) {
    const received = Array.isArray(body) ? 'a list' : `unexpected input type '${jsonValueType(body)}'`;
    throw MillraceError.badRequest(`Invalid input. ${EXPECTED_FIELDS} Received ${received}.`);
  }
  if (isLlmBody(body)) return splitLlmBody(body, schema);

  const wrappers: WrapperKey[] = [];
  const unknownKeys: string[] = [];
  for (const key of Object.keys(body)) {
    if (WRAPPER_KEY_SET.has(key)) wrappers.push(key as WrapperKey);
    else if (!OTHER_ALLOWED_KEYS.has(key)) unknownKeys.push(key);
  }
  const [wrapper] = wrappers;
  if (wrapper === undefined || wrappers.length > 1) {
    throw MillraceError.badRequest(
      `${EXPECTED_FIELDS} Received dictionary with input fields: ${formatNameList(wrappers)}. ` +
        `(MLflow 2.0 changed the scoring protocol: a 1.x body such as {"columns": [...], "data": [...]} ` +
        `must now be sent as {"dataframe_split": {"columns": [...], "data": [...]}}.)`,
    );
  }
  if (unknownKeys.length > 0) {
    throw MillraceError.badRequest(
      `Invalid input. Unknown top-level fields: ${formatNameList(unknownKeys.sort())}. A request has ` +
        `exactly one of ${formatNameList(WRAPPER_KEYS)}, and optionally 'params' and 'stream'.`,
    );
  }
  const stream = readStreamFlag(body.stream);
  const input = readWrappedInput(wrapper, body[wrapper]);
  return { input, params: body.params ?? undefined, wrapped: true, stream };
}
