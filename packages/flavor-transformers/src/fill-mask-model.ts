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
 * The plain `fill-mask` pipeline, in one pipeline call for a string or a list of strings. As MLflow's
 * transformers pyfunc, the answer is the best token (`token_str`) for each input, as a list of
 * strings (one for a single string), so a fill-mask model can sit behind a completions endpoint.
 * When `top_k` > 1 is asked (params, then the model config), the answer is the pipeline's
 * candidates instead: a string's top-k `{score, token, token_str, sequence}`, a list of those for
 * a list.
 */
export function createFillMaskModel(
  filler: FillMaskPipeline,
  modelConfig: Record<string, unknown>,
): TransformersFlavorModel {
  const topKOf = (params: Record<string, unknown>): number =>
    readInteger(params['top_k'], 'top_k', 1) ??
    readInteger(modelConfig['top_k'], 'model_config.top_k', 1) ??
    1;

  const fill = async (texts: string[], topK: number): Promise<FillMaskPrediction[][]> => {
    if (texts.length === 0) {
      return [];
    }
    // A list of texts (even of one) gives a list of prediction lists.
    return (await filler(texts, { top_k: topK })) as unknown as FillMaskPrediction[][];
  };

  /** One request's answer: the best tokens (MLflow's shape) or, with top_k > 1, the candidates. */
  const answer = (predictions: FillMaskPrediction[][], batched: boolean, topK: number): unknown => {
    if (topK === 1) {
      return predictions.map((candidates) => candidates[0]?.token_str ?? '');
    }
    return batched ? predictions : predictions[0];
  };

  return {
    async predict(input, params) {
      const { texts, batched } = toTexts(input);
      const topK = topKOf(params);
      return answer(await fill(texts, topK), batched, topK);
    },
    async predictBatch(inputs, params) {
      const requests = inputs.map(toTexts);
      const topK = topKOf(params);
      const predictions = await fill(
        requests.flatMap((request) => request.texts),
        topK,
      );
      let offset = 0;
      return requests.map(({ texts, batched }) => {
        const slice = predictions.slice(offset, offset + texts.length);
        offset += texts.length;
        return answer(slice, batched, topK);
      });
    },
  };
}
