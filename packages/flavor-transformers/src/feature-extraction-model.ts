import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { readPooling } from './embeddings-model.js';
import { toTexts } from './input-rows.js';
import { readBoolean } from './read-value.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';

/**
 * The plain `feature-extraction` pipeline: a string or a list of strings in one call, its
 * tensor out as nested lists ([batch, tokens, hidden] without pooling, [batch, hidden] with).
 * `pooling` and `normalize` come from params, then the model config (default: none, false).
 */
export function createFeatureExtractionModel(
  extractor: FeatureExtractionPipeline,
  modelConfig: Record<string, unknown>,
): TransformersFlavorModel {
  return {
    async predict(input, params) {
      const { texts, batched } = toTexts(input);
      const pooling =
        readPooling(params['pooling'], 'pooling') ??
        readPooling(modelConfig['pooling'], 'model_config.pooling') ??
        'none';
      const normalize =
        readBoolean(params['normalize'], 'normalize') ??
        readBoolean(modelConfig['normalize'], 'model_config.normalize') ??
        false;
      const output = await extractor(batched ? texts : (texts[0] ?? ''), { pooling, normalize });
      return output.tolist();
    },
  };
}
