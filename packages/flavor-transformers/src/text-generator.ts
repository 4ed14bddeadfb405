import {
  BaseStreamer,
  LogitsProcessorList,
  random,
  StoppingCriteria,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import { MillraceError } from '@millrace/core';
import { createAsyncLock } from './async-lock.js';
import type { GenerationSettings } from './generation-settings.js';
import { isPlainRecord } from './read-value.js';
import { TextTracker } from './text-tracker.js';
import { TopKTopPProcessor } from './top-k-top-p-processor.js';

export type FinishReason = 'stop' | 'length';

export interface GenerationRequest {
  prompt: string;
  /** Whether the tokenizer adds its special tokens (false for a chat-templated prompt, which has them). */
  addSpecialTokens: boolean;
  settings: GenerationSettings;
  /** Generation stops early when it is aborted. */
  signal?: AbortSignal;
  /** Receives the output text piece by piece, as it becomes final. */
  onText?: (delta: string) => void;
}

export interface GenerationResult {
  /** The generated text, without the prompt and without a stop string. */
  text: string;
  promptTokens: number;
  /** Tokens generated (an end token included, as Hugging Face counts them). */
  completionTokens: number;
  /** `length` when the token budget ran out, else `stop` (end token or stop string). */
  finishReason: FinishReason;
}

export interface TextGenerator {
  generate(request: GenerationRequest): Promise<GenerationResult>;
  /** Renders chat messages into a prompt with the tokenizer's chat template. */
  applyChatTemplate(messages: unknown[], tools: unknown[] | undefined): string;
}

/**
 * Sampling draws from transformers.js's one global random source, which a seed resets: the
 * generations of the process run one at a time so a seeded one is reproducible.
 */
const generationLock = createAsyncLock();

/** A streamer that hands each generated token to a callback (the first `put` is the prompt). */
class TokenStreamer extends BaseStreamer {
  private promptSeen = false;

  constructor(private readonly onToken: (id: bigint) => void) {
    super();
  }

  override put(value: bigint[][]): void {
    if (!this.promptSeen) {
      this.promptSeen = true;
      return;
    }
    const id = value[0]?.[0];
    if (id !== undefined) {
      this.onToken(id);
    }
  }

  override end(): void {}
}

/** Stops generation when a callback says so (a stop string appeared, the caller gave up). */
class CallbackStoppingCriteria extends StoppingCriteria {
  constructor(private readonly shouldStop: () => boolean) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    const stop = this.shouldStop();
    return inputIds.map(() => stop);
  }
}

function numberList(value: unknown): number[] {
  if (typeof value === 'number') {
    return [value];
  }
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

function maxPositionsOf(config: Record<string, unknown>): number | undefined {
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len']) {
    const value = config[key];
    if (typeof value === 'number' && value > 0) {
      return value;
    }
  }
  return undefined;
}

export function createTextGenerator(generator: TextGenerationPipeline): TextGenerator {
  const { model, tokenizer } = generator;
  const modelConfig: Record<string, unknown> = isPlainRecord(model.config)
    ? (model.config as Record<string, unknown>)
    : {};
  const generationConfig: Record<string, unknown> = isPlainRecord(model.generation_config)
    ? (model.generation_config as Record<string, unknown>)
    : {};
  const endTokens = new Set(
    numberList(generationConfig['eos_token_id'] ?? modelConfig['eos_token_id']).map((id) => BigInt(id)),
  );
  const maxPositions = maxPositionsOf(modelConfig);
  // The model's own sampling defaults (transformers.js: top_k 50, top_p 1).
  const defaultTopK = typeof generationConfig['top_k'] === 'number' ? generationConfig['top_k'] : 50;
  const defaultTopP = typeof generationConfig['top_p'] === 'number' ? generationConfig['top_p'] : 1;

  const run = async (request: GenerationRequest): Promise<GenerationResult> => {
    const { settings } = request;
    const encoded = tokenizer(request.prompt, { add_special_tokens: request.addSpecialTokens });
    const promptTokens = encoded.input_ids.dims.at(-1) ?? 0;
    let budget = settings.maxNewTokens;
    if (maxPositions !== undefined) {
      if (promptTokens >= maxPositions) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `The prompt has ${promptTokens} tokens; this model handles at most ${maxPositions} tokens in all.`,
        );
      }
      budget = Math.min(budget, maxPositions - promptTokens);
    }
    const tracker = new TextTracker(
      // transformers.js refuses to decode an empty list.
      (ids) => (ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: true })),
      settings.stop,
      request.onText ?? (() => undefined),
    );
    const options: Record<string, unknown> = {
      input_ids: encoded.input_ids,
      attention_mask: encoded.attention_mask,
      max_new_tokens: budget,
      streamer: new TokenStreamer((id) => tracker.add(id)),
      stopping_criteria: [
        new CallbackStoppingCriteria(() => tracker.stopped || request.signal?.aborted === true),
      ],
    };
    if (settings.doSample !== undefined) {
      options['do_sample'] = settings.doSample;
    }
    const sampling = settings.doSample ?? generationConfig['do_sample'] === true;
    if (sampling) {
      if (settings.temperature !== undefined) {
        options['temperature'] = settings.temperature;
      }
      const processors = new LogitsProcessorList();
      processors.push(new TopKTopPProcessor(settings.topK ?? defaultTopK, settings.topP ?? defaultTopP));
      options['logits_processor'] = processors;
      options['top_k'] = 0;
      // A seed makes sampling reproducible; without one the source is reseeded from entropy.
      random.seed(settings.seed);
    }
    if (settings.repetitionPenalty !== undefined) {
      options['repetition_penalty'] = settings.repetitionPenalty;
    }
    await model.generate(options);
    const text = tracker.finish();
    const lastToken = tracker.lastToken;
    const endedByModel = lastToken !== undefined && endTokens.has(lastToken);
    const finishReason: FinishReason =
      !tracker.stopped && !endedByModel && tracker.tokenCount >= budget ? 'length' : 'stop';
    return { text, promptTokens, completionTokens: tracker.tokenCount, finishReason };
  };

  return {
    generate: (request) => generationLock.run(() => run(request)),
    applyChatTemplate(messages, tools) {
      try {
        return tokenizer.apply_chat_template(
          messages as Parameters<typeof tokenizer.apply_chat_template>[0],
          {
            tokenize: false,
            add_generation_prompt: true,
            tools: tools ?? null,
          },
        ) as string;
      } catch (error) {
        throw new MillraceError(
          'INVALID_PARAMETER_VALUE',
          `Failed to apply chat template: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
