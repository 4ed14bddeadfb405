import type { FillMaskPipeline } from '@huggingface/transformers';
import { toTexts } from './input-rows.js';
import { readInteger } from './read-value.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';

/** The fill-mask pipeline's answer for one text: the best tokens for its mask. */
export interface FillMaskPrediction {
  score: number;
  token: number;
  token_str: string;
  sequence: string;
}

/**
 * The plain `fill-mask` pipeline: a string (→ its top-k predictions) or a list of strings
 * (→ a list of those), in one pipeline call. `top_k` comes from params, then the model config
 * (default 5).
 */
export function createFillMaskModel(
  filler: FillMaskPipeline,
  modelConfig: Record<string, unknown>,
): TransformersFlavorModel {
  const topKOf = (params: Record<string, unknown>): number =>
    readInteger(params['top_k'], 'top_k', 1) ??
    readInteger(modelConfig['top_k'], 'model_config.top_k', 1) ??
    5;

  const fill = async (texts: string[], topK: number): Promise<FillMaskPrediction[][]> => {
    if (texts.length === 0) {
      return [];
    }
    // A list of texts (even of one) gives a list of prediction lists.
    return (await filler(texts, { top_k: topK })) as unknown as FillMaskPrediction[][];
  };

  return {
    async predict(input, params) {
      const { texts, batched } = toTexts(input);
      const predictions = await fill(texts, topKOf(params));
      return batched ? predictions : predictions[0];
    },
    async predictBatch(inputs, params) {
      const requests = inputs.map(toTexts);
      const predictions = await fill(
        requests.flatMap((request) => request.texts),
        topKOf(params),
      );
      let offset = 0;
      return requests.map(({ texts, batched }) => {
        const slice = predictions.slice(offset, offset + texts.length);
        offset += texts.length;
        return batched ? slice : slice[0];
      });
    },
  };
}
