import path from 'node:path';
import type { Flavor } from '@millrace/models';
import { CHAT_TASK } from './chat-task.js';
import { COMPLETIONS_TASK } from './completions-task.js';
import { createEmbeddingsModel } from './embeddings-model.js';
import { createFeatureExtractionModel } from './feature-extraction-model.js';
import { createFillMaskModel } from './fill-mask-model.js';
import type { GenerationModelParts } from './generation-model-parts.js';
import { createLlmGenerationModel } from './llm-generation-model.js';
import { readOnnxWeights } from './model-files.js';
import { createTextGenerationModel } from './text-generation-model.js';
import { createTextGenerator } from './text-generator.js';
import { readTransformersFlavorConfig } from './transformers-flavor-config.js';
import type { TransformersFlavorModel } from './transformers-flavor-model.js';
import { fetchOnlyOutput } from './session-output-filter.js';
import { loadPipeline, type PipelineLocation } from './transformers-runtime.js';
import { TRANSFORMERS_FLAVOR_NAME } from './transformers-task.js';

/** A Flavor whose `load` returns the richer model type of this flavor. */
export interface TransformersFlavor extends Flavor {
  load(...args: Parameters<Flavor['load']>): Promise<TransformersFlavorModel>;
}

/**
 * The `transformers_js` flavor: loads the model files copied into a model directory with
 * transformers.js (ONNX Runtime on the CPU), never from a hub, and predicts for its task.
 * Register it with `loadModel(uri, { flavors: [createTransformersFlavor()] })`.
 */
export function createTransformersFlavor(): TransformersFlavor {
  return {
    name: TRANSFORMERS_FLAVOR_NAME,
    async load(modelDirectory, mlmodel, options) {
      const directory = path.resolve(modelDirectory);
      const config = readTransformersFlavorConfig(mlmodel, directory);
      const modelConfig = options.modelConfig;
      const location: PipelineLocation = {
        modelDirectory: directory,
        folder: config.model_path,
        weights: readOnnxWeights(modelConfig, { dtype: config.dtype, fileName: config.model_file_name }),
      };
      switch (config.pipeline_task) {
        case 'text-generation': {
          const parts: GenerationModelParts = {
            generator: createTextGenerator(await loadPipeline('text-generation', location)),
            modelName: config.source_model_name,
            modelConfig,
          };
          if (config.task === 'llm/v1/chat') {
            return createLlmGenerationModel(CHAT_TASK, parts);
          }
          if (config.task === 'llm/v1/completions') {
            return createLlmGenerationModel(COMPLETIONS_TASK, parts);
          }
          return createTextGenerationModel(parts);
        }
        case 'feature-extraction': {
          const extractor = await loadPipeline('feature-extraction', location);
          fetchOnlyOutput(extractor, 'last_hidden_state');
          return config.task === 'llm/v1/embeddings'
            ? createEmbeddingsModel(extractor, modelConfig)
            : createFeatureExtractionModel(extractor, modelConfig);
        }
        case 'fill-mask':
          return createFillMaskModel(await loadPipeline('fill-mask', location), modelConfig);
      }
    },
  };
}
