import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import { MillraceError, Table } from '@millrace/core';
import { planLengthBuckets } from './length-buckets.js';
import { embeddingsList } from './openai-responses.js';
import { poolEmbeddings } from './pool-embeddings.js';
import { isPlainRecord, readBoolean, readString } from './read-value.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';

/** The texts of one llm/v1/embeddings request: rows of `input` (a string or a list), or the raw value. */
function requestTexts(input: unknown): string[] {
  const texts: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string') {
      texts.push(value);
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      texts.push(...(value as string[]));
    } else {
      throw new MillraceError('INVALID_PARAMETER_VALUE', "'input' must be a string or a list of strings.");
    }
  };
  const rows = input instanceof Table ? input.rows : input;
  if (Array.isArray(rows) && rows.every(isPlainRecord)) {
    rows.forEach((row) => add(row['input']));
  } else if (isPlainRecord(rows)) {
    add(rows['input']);
  } else {
    add(rows);
  }
  return texts;
}

/** Pooling strategies of the feature-extraction pipeline. */
export const POOLINGS = ['none', 'mean', 'cls', 'first_token', 'eos', 'last_token'] as const;
export type Pooling = (typeof POOLINGS)[number];

export function readPooling(value: unknown, field: string): Pooling | undefined {
  const pooling = readString(value, field);
  if (pooling !== undefined && !(POOLINGS as readonly string[]).includes(pooling)) {
    throw new MillraceError('INVALID_PARAMETER_VALUE', `'${field}' must be one of ${POOLINGS.join(', ')}.`);
  }
  return pooling as Pooling | undefined;
}

/** The output of the model that feature extraction reads, as the pipeline picks it. */
function tokenStatesOf(outputs: Record<string, Tensor | undefined>): Tensor {
  const states = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
  if (states === undefined || !(states.data instanceof Float32Array) || states.dims.length !== 3) {
    throw new MillraceError(
      'INTERNAL_ERROR',
      'The model gave no float32 [texts, tokens, hidden] output to pool (last_hidden_state, logits or token_embeddings).',
    );
  }
  return states;
}

/**
 * Runs texts through the pipeline's tokenizer and model in one call, as the feature-extraction
 * pipeline does, and pools them with `poolEmbeddings` (the same numbers, faster): one vector per
 * text.
 */
export async function embedTexts(
  extractor: FeatureExtractionPipeline,
  texts: string[],
  pooling: Exclude<Pooling, 'none'>,
  normalize: boolean,
): Promise<number[][]> {
  if (texts.length === 0) {
    return [];
  }
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true }) as Record<string, Tensor>;
  const outputs = (await extractor.model(inputs)) as Record<string, Tensor | undefined>;
  const states = tokenStatesOf(outputs);
  const attentionMask = inputs['attention_mask']?.data;
  if (!(attentionMask instanceof BigInt64Array)) {
    throw new MillraceError('INTERNAL_ERROR', 'The tokenizer gave no int64 attention_mask.');
  }
  return poolEmbeddings(
    { data: states.data as Float32Array, dims: states.dims, attentionMask },
    pooling,
    normalize,
  );
}

/**
 * Embeds texts whose token counts are `tokenCounts` in as few model calls as pays: grouped
 * by length (see `planLengthBuckets`), so that short texts are not padded to the longest one.
 * One vector per text, in the order of `texts`. Pooled vectors do not depend on the padding,
 * so the grouping changes no result.
 */
export async function embedTextsByLength(
  extractor: FeatureExtractionPipeline,
  texts: string[],
  tokenCounts: readonly number[],
  pooling: Exclude<Pooling, 'none'>,
  normalize: boolean,
): Promise<number[][]> {
  // Longer texts are truncated to the model's maximum length.
  const maxLength: unknown = extractor.tokenizer.model_max_length;
  const paddedLengths =
    typeof maxLength === 'number' && maxLength > 0
      ? tokenCounts.map((count) => Math.min(count, maxLength))
      : tokenCounts;
  const vectors = new Array<number[]>(texts.length);
  for (const bucket of planLengthBuckets(paddedLengths)) {
    const bucketVectors = await embedTexts(
      extractor,
      bucket.map((index) => texts[index] as string),
      pooling,
      normalize,
    );
    bucket.forEach((index, position) => {
      vectors[index] = bucketVectors[position] as number[];
    });
  }
  return vectors;
}

/**
 * llm/v1/embeddings: the texts of all rows (of all requests, in `predictBatch`) embedded in as
 * few model calls as pays, grouped by length (`embedTextsByLength`), pooled (mean by default;
 * the model config's `pooling`) and L2-normalized (unless `normalize: false`), answered as one
 * OpenAI `list` of embeddings per request. `prompt_tokens` counts the tokenizer's tokens,
 * special tokens included, as MLflow does.
 */
export function createEmbeddingsModel(
  extractor: FeatureExtractionPipeline,
  modelConfig: Record<string, unknown>,
): TransformersFlavorModel {
  const pooling = readPooling(modelConfig['pooling'], 'model_config.pooling') ?? 'mean';
  if (pooling === 'none') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      "llm/v1/embeddings needs a pooling other than 'none'.",
    );
  }
  const normalize = readBoolean(modelConfig['normalize'], 'model_config.normalize') ?? true;
  const countTokens = (text: string): number => extractor.tokenizer.encode(text).length;
  const sum = (counts: readonly number[]): number => counts.reduce((total, count) => total + count, 0);

  return {
    async predict(input) {
      const texts = requestTexts(input);
      const tokenCounts = texts.map(countTokens);
      const vectors = await embedTextsByLength(extractor, texts, tokenCounts, pooling, normalize);
      return embeddingsList(vectors, sum(tokenCounts));
    },
    async predictBatch(inputs) {
      const perRequest = inputs.map(requestTexts);
      const texts = perRequest.flat();
      const tokenCounts = texts.map(countTokens);
      const vectors = await embedTextsByLength(extractor, texts, tokenCounts, pooling, normalize);
      let offset = 0;
      return perRequest.map((textsOfRequest) => {
        const end = offset + textsOfRequest.length;
        const answer = embeddingsList(vectors.slice(offset, end), sum(tokenCounts.slice(offset, end)));
        offset = end;
        return answer;
      });
    },
  };
}
