import { MillraceError } from '@millrace/core';
import type { FlavorPredictContext } from '@millrace/models';
import type { GenerationModelParts } from './generation-model-parts.js';
import type { GenerationSettings } from './generation-settings.js';
import { streamGeneration } from './generation-stream.js';
import { toRows } from './input-rows.js';
import {
  createResponseHeader,
  usageOf,
  type GeneratedChoice,
  type ResponseHeader,
  type Usage,
} from './openai-responses.js';
import type { FinishReason } from './text-generator.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';

/** One request row made ready to generate. */
export interface PreparedRequest {
  prompt: string;
  addSpecialTokens: boolean;
  settings: GenerationSettings;
  /** How many choices to generate. */
  choices: number;
}

/** What distinguishes chat from completions: reading a row and shaping the answers. */
export interface LlmGenerationTask {
  prepare(row: Record<string, unknown>, parts: GenerationModelParts): PreparedRequest;
  response(header: ResponseHeader, choices: GeneratedChoice[], usage: Usage): Record<string, unknown>;
  chunk(
    header: ResponseHeader,
    index: number,
    text: string | undefined,
    finishReason: FinishReason | null,
    usage?: Usage,
  ): Record<string, unknown>;
}

/** Choice `index` of several samples its own sequence: the seed moves on by the index. */
function settingsForChoice(settings: GenerationSettings, index: number): GenerationSettings {
  return settings.seed === undefined ? settings : { ...settings, seed: settings.seed + index };
}

/**
 * An llm/v1 generation model: each row is one request answered by one OpenAI-style object
 * (one object for one row, a list for several). `predictStream` takes one row and yields
 * OpenAI-style chunks, the last of each choice with its finish reason and the very last with
 * the usage.
 */
export function createLlmGenerationModel(
  task: LlmGenerationTask,
  parts: GenerationModelParts,
): TransformersFlavorModel {
  const { generator, modelName } = parts;

  const answer = async (
    prepared: PreparedRequest,
    context: FlavorPredictContext,
  ): Promise<Record<string, unknown>> => {
    const header = createResponseHeader(modelName);
    const choices: GeneratedChoice[] = [];
    let promptTokens = 0;
    let completionTokens = 0;
    for (let index = 0; index < prepared.choices; index++) {
      const result = await generator.generate({
        prompt: prepared.prompt,
        addSpecialTokens: prepared.addSpecialTokens,
        settings: settingsForChoice(prepared.settings, index),
        signal: context.signal,
      });
      choices.push({ text: result.text, finishReason: result.finishReason });
      promptTokens = result.promptTokens;
      completionTokens += result.completionTokens;
    }
    return task.response(header, choices, usageOf(promptTokens, completionTokens));
  };

  async function* stream(prepared: PreparedRequest, context: FlavorPredictContext): AsyncGenerator<unknown> {
    const header = createResponseHeader(modelName);
    let completionTokens = 0;
    for (let index = 0; index < prepared.choices; index++) {
      const request = {
        prompt: prepared.prompt,
        addSpecialTokens: prepared.addSpecialTokens,
        settings: settingsForChoice(prepared.settings, index),
      };
      for await (const event of streamGeneration(generator, request, context.signal)) {
        if (event.kind === 'text') {
          yield task.chunk(header, index, event.text, null);
          continue;
        }
        const { result } = event;
        completionTokens += result.completionTokens;
        const last = index === prepared.choices - 1;
        const usage = last ? usageOf(result.promptTokens, completionTokens) : undefined;
        yield task.chunk(header, index, undefined, result.finishReason, usage);
      }
    }
  }

  return {
    async predict(input, _params, context) {
      const rows = toRows(input).map((row) => task.prepare(row, parts));
      const answers: Array<Record<string, unknown>> = [];
      for (const prepared of rows) {
        answers.push(await answer(prepared, context));
      }
      return answers.length === 1 ? answers[0] : answers;
    },
    predictStream(input, _params, context) {
      const rows = toRows(input);
      if (rows.length !== 1) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `Streaming answers one request at a time; got ${rows.length} rows.`,
        );
      }
      // Prepared now, so a bad request fails before any chunk.
      return stream(task.prepare(rows[0] ?? {}, parts), context);
    },
  };
}
