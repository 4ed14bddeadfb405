import type { TextGenerator } from './text-generator.js';

/** What the generation models (chat, completions, text-generation) are built from. */
export interface GenerationModelParts {
  generator: TextGenerator;
  /** The `model` field of responses (the flavor's `source_model_name`). */
  modelName: string;
  /** The model config saved with the model, with load-time overrides. */
  modelConfig: Record<string, unknown>;
}
