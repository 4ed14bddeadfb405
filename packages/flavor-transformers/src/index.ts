export * from './llm-signatures.js';
export * from './pipeline-task-signatures.js';
export * from './save-transformers-model.js';
export * from './transformers-flavor.js';
export * from './transformers-flavor-config.js';
export * from './transformers-flavor-model.js';
export { DEFAULT_MAX_NEW_TOKENS } from './generation-settings.js';
export { DEFAULT_LENGTH_BUCKETS, planLengthBuckets, type LengthBucketSettings } from './length-buckets.js';
export { fetchOnlyOutput } from './session-output-filter.js';
export { disableRemoteModels, transformersVersion } from './transformers-runtime.js';
export {
  isLlmTask,
  isTransformersTask,
  LLM_TASKS,
  PIPELINE_TASKS,
  pipelineTaskOf,
  TRANSFORMERS_FLAVOR_NAME,
  TRANSFORMERS_TASKS,
  type LlmTask,
  type PipelineTask,
  type TransformersTask,
} from './transformers-task.js';
