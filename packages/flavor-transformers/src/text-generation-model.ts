import { MillraceError } from '@millrace/core';
import type { FlavorPredictContext } from '@millrace/models';
import type { GenerationModelParts } from './generation-model-parts.js';
import { resolveGenerationSettings, type GenerationSettings } from './generation-settings.js';
import { streamGeneration } from './generation-stream.js';
import { isPlainRecord, readBoolean } from './read-value.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';

/** One prompt of a text-generation input: a text, or chat messages. */
type Prompt = { text: string } | { messages: Array<Record<string, unknown>> };

function isMessages(value: unknown): value is Array<Record<string, unknown>> {
  return (
    Array.isArray(value) && value.length > 0 && value.every((item) => isPlainRecord(item) && 'role' in item)
  );
}

/** A string, chat messages, or a list of either; `batched` is false for a single one. */
function readPrompts(input: unknown): { prompts: Prompt[]; batched: boolean } {
  const one = (item: unknown): Prompt | undefined => {
    if (typeof item === 'string') {
      return { text: item };
    }
    return isMessages(item) ? { messages: item } : undefined;
  };
  const single = one(input);
  if (single !== undefined) {
    return { prompts: [single], batched: false };
  }
  if (Array.isArray(input)) {
    const prompts = input.map(one);
    if (prompts.every((prompt): prompt is Prompt => prompt !== undefined)) {
      return { prompts, batched: true };
    }
  }
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    'The input of a text-generation model must be a string, a list of chat messages, or a list of either.',
  );
}

/**
 * The plain `text-generation` pipeline: a string (or chat messages) in, the pipeline's natural
 * output out — `[{generated_text}]` per prompt, the prompt included unless `return_full_text`
 * is false (for messages, the conversation with the new assistant message). Params (the knobs of
 * the params schema) and the model config drive generation. `predictStream` yields the text of
 * one prompt as strings.
 */
export function createTextGenerationModel(parts: GenerationModelParts): TransformersFlavorModel {
  const { generator, modelConfig } = parts;

  const prepare = (
    prompt: Prompt,
    params: Record<string, unknown>,
  ): { text: string; addSpecialTokens: boolean; settings: GenerationSettings } => {
    const settings = resolveGenerationSettings(params, modelConfig);
    if ('text' in prompt) {
      return { text: prompt.text, addSpecialTokens: true, settings };
    }
    return {
      text: generator.applyChatTemplate(prompt.messages, undefined),
      addSpecialTokens: false,
      settings,
    };
  };

  const generateOne = async (
    prompt: Prompt,
    params: Record<string, unknown>,
    context: FlavorPredictContext,
  ): Promise<Array<{ generated_text: unknown }>> => {
    const prepared = prepare(prompt, params);
    const result = await generator.generate({
      prompt: prepared.text,
      addSpecialTokens: prepared.addSpecialTokens,
      settings: prepared.settings,
      signal: context.signal,
    });
    if ('messages' in prompt) {
      return [{ generated_text: [...prompt.messages, { role: 'assistant', content: result.text }] }];
    }
    const fullText = readBoolean(params['return_full_text'], 'return_full_text') ?? true;
    return [{ generated_text: fullText ? prompt.text + result.text : result.text }];
  };

  async function* stream(
    prompt: Prompt,
    params: Record<string, unknown>,
    context: FlavorPredictContext,
  ): AsyncGenerator<unknown> {
    const prepared = prepare(prompt, params);
    const request = {
      prompt: prepared.text,
      addSpecialTokens: prepared.addSpecialTokens,
      settings: prepared.settings,
    };
    for await (const event of streamGeneration(generator, request, context.signal)) {
      if (event.kind === 'text') {
        yield event.text;
      }
    }
  }

  return {
    async predict(input, params, context) {
      const { prompts, batched } = readPrompts(input);
      const outputs: unknown[] = [];
      for (const prompt of prompts) {
        outputs.push(await generateOne(prompt, params, context));
      }
      return batched ? outputs : outputs[0];
    },
    predictStream(input, params, context) {
      const { prompts } = readPrompts(input);
      if (prompts.length !== 1 || prompts[0] === undefined) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `Streaming generates one prompt at a time; got ${prompts.length}.`,
        );
      }
      resolveGenerationSettings(params, modelConfig);
      return stream(prompts[0], params, context);
    },
  };
}
