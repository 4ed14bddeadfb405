import { MillraceError } from '@millrace/core';
import { resolveGenerationSettings } from './generation-settings.js';
import type { LlmGenerationTask } from './llm-generation-model.js';
import { textCompletion, textCompletionChunk } from './openai-responses.js';
import { readInteger } from './read-value.js';

/**
 * llm/v1/completions: the prompt is tokenized as is (with the tokenizer's special tokens);
 * `max_tokens`, `temperature`, `stop` and `n` are honoured (the completions schema has no
 * other knobs; the model config supplies top_p, top_k, seed). The answer is a
 * `text_completion` object.
 */
export const COMPLETIONS_TASK: LlmGenerationTask = {
  prepare(row, parts) {
    const prompt = row['prompt'];
    if (typeof prompt !== 'string') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        "The 'prompt' field is required for the Completions inference task.",
      );
    }
    const settings = resolveGenerationSettings(
      {
        max_new_tokens: row['max_tokens'],
        temperature: row['temperature'],
        top_p: row['top_p'],
        top_k: row['top_k'],
        stop: row['stop'],
        seed: row['seed'],
      },
      parts.modelConfig,
    );
    return { prompt, addSpecialTokens: true, settings, choices: readInteger(row['n'], 'n', 1) ?? 1 };
  },
  response: textCompletion,
  chunk(header, index, text, finishReason, usage) {
    return textCompletionChunk(header, index, text ?? '', finishReason, usage);
  },
};
