/** The name of the flavor: MLmodel `flavors.transformers_js` and `node_function.loader`. */
export const TRANSFORMERS_FLAVOR_NAME = 'transformers_js';

/** MLflow's LLM inference tasks: OpenAI-style requests and responses, fixed signatures. */
export const LLM_TASKS = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'] as const;
export type LlmTask = (typeof LLM_TASKS)[number];

/** The transformers.js pipelines the flavor runs, with their natural inputs and outputs. */
export const PIPELINE_TASKS = ['text-generation', 'feature-extraction', 'fill-mask'] as const;
export type PipelineTask = (typeof PIPELINE_TASKS)[number];

export type TransformersTask = LlmTask | PipelineTask;

export const TRANSFORMERS_TASKS: readonly TransformersTask[] = [...PIPELINE_TASKS, ...LLM_TASKS];

export function isTransformersTask(value: unknown): value is TransformersTask {
  return typeof value === 'string' && (TRANSFORMERS_TASKS as readonly string[]).includes(value);
}

export function isLlmTask(task: TransformersTask): task is LlmTask {
  return (LLM_TASKS as readonly string[]).includes(task);
}

/** The pipeline behind a task (MLflow: chat and completions run text-generation, embeddings feature-extraction). */
export function pipelineTaskOf(task: TransformersTask): PipelineTask {
  switch (task) {
    case 'llm/v1/chat':
    case 'llm/v1/completions':
      return 'text-generation';
    case 'llm/v1/embeddings':
      return 'feature-extraction';
    default:
      return task;
  }
}

/** Whether the task generates text token by token, and so can stream. */
export function isGenerationTask(task: TransformersTask): boolean {
  return pipelineTaskOf(task) === 'text-generation';
}
