import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { MillraceError, Table } from '@millrace/core';
import { embeddingsList } from './openai-responses.js';
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

/** Runs texts through the pipeline in one call: one vector per text. */
export async function embedTexts(
  extractor: FeatureExtractionPipeline,
  texts: string[],
  pooling: Pooling,
  normalize: boolean,
): Promise<number[][]> {
  if (texts.length === 0) {
    return [];
  }
  const output = await extractor(texts, { pooling, normalize });
  return output.tolist() as number[][];
}

/**
 * llm/v1/embeddings: the texts of all rows in one pipeline call, pooled (mean by default; the
 * model config's `pooling`) and L2-normalized (unless `normalize: false`), answered as one
 * OpenAI `list` of embeddings. `prompt_tokens` counts the tokenizer's tokens, special tokens
 * included, as MLflow does.
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
  const countTokens = (texts: string[]): number =>
    texts.reduce((sum, text) => sum + extractor.tokenizer.encode(text).length, 0);

  return {
    async predict(input) {
      const texts = requestTexts(input);
      return embeddingsList(await embedTexts(extractor, texts, pooling, normalize), countTokens(texts));
    },
    async predictBatch(inputs) {
      const perRequest = inputs.map(requestTexts);
      const vectors = await embedTexts(extractor, perRequest.flat(), pooling, normalize);
      let offset = 0;
      return perRequest.map((texts) => {
        const slice = vectors.slice(offset, offset + texts.length);
        offset += texts.length;
        return embeddingsList(slice, countTokens(texts));
      });
    },
  };
}
