import { MillraceError } from '@millrace/core';
import { resolveGenerationSettings } from './generation-settings.js';
import type { LlmGenerationTask } from './llm-generation-model.js';
import { chatCompletion, chatCompletionChunk } from './openai-responses.js';
import { isPlainRecord, readInteger } from './read-value.js';

/** A message as the chat template gets it: the fields given, without nulls. */
function cleanMessage(message: unknown): Record<string, unknown> {
  if (!isPlainRecord(message) || typeof message['role'] !== 'string') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "Each message must be an object with a string 'role'.",
    );
  }
  return Object.fromEntries(
    Object.entries(message).filter(([, value]) => value !== null && value !== undefined),
  );
}

/**
 * llm/v1/chat: the messages go through the tokenizer's chat template (with the generation
 * prompt); `max_tokens`, `temperature`, `top_p`, `top_k`, `stop` and `n` are honoured, and
 * `custom_inputs.seed` seeds sampling (the chat schema has no seed column). The answer is a
 * `chat.completion` object.
 */
export const CHAT_TASK: LlmGenerationTask = {
  prepare(row, parts) {
    const messages = row['messages'];
    if (!Array.isArray(messages) || messages.length === 0) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        "The 'messages' field is required for the Chat inference task.",
      );
    }
    const tools = Array.isArray(row['tools']) ? row['tools'] : undefined;
    const customInputs = isPlainRecord(row['custom_inputs']) ? row['custom_inputs'] : {};
    const settings = resolveGenerationSettings(
      {
        max_new_tokens: row['max_tokens'],
        temperature: row['temperature'],
        top_p: row['top_p'],
        top_k: row['top_k'],
        stop: row['stop'],
        seed: customInputs['seed'],
      },
      parts.modelConfig,
    );
    return {
      prompt: parts.generator.applyChatTemplate(messages.map(cleanMessage), tools),
      addSpecialTokens: false,
      settings,
      choices: readInteger(row['n'], 'n', 1) ?? 1,
    };
  },
  response: chatCompletion,
  chunk: chatCompletionChunk,
};
