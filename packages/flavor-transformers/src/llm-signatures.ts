import type { ColSpec, ModelSignature, ObjectSpec, TypeSpec } from '@millrace/core';
import type { LlmTask } from './transformers-task.js';

/*
 * The signatures MLflow fixes for the llm/v1 tasks (model-format.md §10): the same columns,
 * types and `required` flags, so the serialized JSON is the same text MLflow writes. There is
 * no params schema: every knob is an optional input column.
 */

type Property = TypeSpec & { required: boolean };

const STRING: TypeSpec = { type: 'string' };
const LONG: TypeSpec = { type: 'long' };
const DOUBLE: TypeSpec = { type: 'double' };
const BOOLEAN: TypeSpec = { type: 'boolean' };

function property(type: TypeSpec, required = true): Property {
  return { ...type, required };
}

function object(properties: Record<string, Property>): ObjectSpec {
  return { type: 'object', properties };
}

function arrayOf(items: TypeSpec): TypeSpec {
  return { type: 'array', items };
}

function column(name: string, type: TypeSpec, required = true): ColSpec {
  return { ...type, name, required };
}

const TOOL_CALL = object({
  id: property(STRING),
  function: property(object({ name: property(STRING), arguments: property(STRING) })),
  type: property(STRING),
});

const CHAT_MESSAGE = object({
  role: property(STRING),
  content: property(STRING, false),
  name: property(STRING, false),
  refusal: property(STRING, false),
  tool_calls: property(arrayOf(TOOL_CALL), false),
  tool_call_id: property(STRING, false),
});

const TOOL_DEFINITION = object({
  type: property(STRING),
  function: property(
    object({
      name: property(STRING),
      description: property(STRING, false),
      parameters: property(
        object({
          properties: property({
            type: 'map',
            values: object({
              type: property(STRING),
              description: property(STRING, false),
              enum: property(arrayOf(STRING), false),
              items: property(object({ type: property(STRING) }), false),
            }),
          }),
          type: property(STRING, false),
          required: property(arrayOf(STRING), false),
          additionalProperties: property(BOOLEAN, false),
        }),
      ),
      strict: property(BOOLEAN, false),
    }),
    false,
  ),
});

const USAGE_WITH_COMPLETION = object({
  prompt_tokens: property(LONG),
  completion_tokens: property(LONG),
  total_tokens: property(LONG),
});

const ANY_MAP: TypeSpec = { type: 'map', values: { type: 'any' } };

const CHAT_SIGNATURE: ModelSignature = {
  inputs: [
    column('messages', arrayOf(CHAT_MESSAGE)),
    column('temperature', DOUBLE, false),
    column('max_tokens', LONG, false),
    column('stop', arrayOf(STRING), false),
    column('n', LONG, false),
    column('stream', BOOLEAN, false),
    column('top_p', DOUBLE, false),
    column('top_k', LONG, false),
    column('frequency_penalty', DOUBLE, false),
    column('presence_penalty', DOUBLE, false),
    column('tools', arrayOf(TOOL_DEFINITION), false),
    column('custom_inputs', ANY_MAP, false),
  ],
  outputs: [
    column('id', STRING),
    column('object', STRING),
    column('created', LONG),
    column('model', STRING),
    column(
      'choices',
      arrayOf(
        object({ index: property(LONG), message: property(CHAT_MESSAGE), finish_reason: property(STRING) }),
      ),
    ),
    column('usage', USAGE_WITH_COMPLETION, false),
    column('custom_outputs', ANY_MAP, false),
  ],
  params: null,
};

const COMPLETIONS_SIGNATURE: ModelSignature = {
  inputs: [
    column('prompt', STRING),
    column('temperature', DOUBLE, false),
    column('max_tokens', LONG, false),
    column('stop', arrayOf(STRING), false),
    column('n', LONG, false),
    column('stream', BOOLEAN, false),
  ],
  outputs: [
    column('id', STRING),
    column('object', STRING),
    column('created', LONG),
    column('model', STRING),
    column(
      'choices',
      arrayOf(object({ index: property(LONG), text: property(STRING), finish_reason: property(STRING) })),
    ),
    column('usage', USAGE_WITH_COMPLETION),
  ],
  params: null,
};

const EMBEDDINGS_SIGNATURE: ModelSignature = {
  inputs: [column('input', STRING)],
  outputs: [
    column('object', STRING),
    column(
      'data',
      arrayOf(
        object({ index: property(LONG), object: property(STRING), embedding: property(arrayOf(DOUBLE)) }),
      ),
    ),
    column('usage', object({ prompt_tokens: property(LONG), total_tokens: property(LONG) })),
  ],
  params: null,
};

/** The signature MLflow writes for an llm/v1 task (a fresh copy). */
export function llmSignature(task: LlmTask): ModelSignature {
  const signatures: Record<LlmTask, ModelSignature> = {
    'llm/v1/chat': CHAT_SIGNATURE,
    'llm/v1/completions': COMPLETIONS_SIGNATURE,
    'llm/v1/embeddings': EMBEDDINGS_SIGNATURE,
  };
  return structuredClone(signatures[task]);
}
