import { MillraceError, type MLmodel } from '@millrace/core';
import { isPlainRecord } from './read-value.js';
import {
  isLlmTask,
  isTransformersTask,
  pipelineTaskOf,
  TRANSFORMERS_FLAVOR_NAME,
  type LlmTask,
  type PipelineTask,
  type TransformersTask,
} from './transformers-task.js';

/** The `flavors.transformers_js` block of MLmodel. */
export interface TransformersFlavorConfig {
  /** The task the model was saved for (a pipeline task or an llm/v1 task). */
  task: TransformersTask;
  /** The transformers.js pipeline that runs it. */
  pipeline_task: PipelineTask;
  /** For llm/v1 tasks, as MLflow's transformers flavor writes it. */
  inference_task?: LlmTask;
  /** The `model` of responses: the name of the model the files came from. */
  source_model_name: string;
  /** The folder of Hugging Face-style files, relative to the model directory. */
  model_path: string;
  /** The ONNX variant to load (fp32 → onnx/model.onnx); the model config's `dtype` overrides it. */
  dtype: string;
  /** The base name of the ONNX file (`model`); the model config's `model_file_name` overrides it. */
  model_file_name: string;
  /** The transformers.js version the model was saved with. */
  transformers_js_version: string;
}

export function buildTransformersFlavorConfig(
  fields: Omit<TransformersFlavorConfig, 'pipeline_task' | 'inference_task'>,
): TransformersFlavorConfig {
  const config: TransformersFlavorConfig = {
    task: fields.task,
    pipeline_task: pipelineTaskOf(fields.task),
    source_model_name: fields.source_model_name,
    model_path: fields.model_path,
    dtype: fields.dtype,
    model_file_name: fields.model_file_name,
    transformers_js_version: fields.transformers_js_version,
  };
  if (isLlmTask(fields.task)) {
    config.inference_task = fields.task;
  }
  return config;
}

/** The block of a model's MLmodel, checked. */
export function readTransformersFlavorConfig(
  mlmodel: MLmodel,
  modelDirectory: string,
): TransformersFlavorConfig {
  const block = mlmodel.flavors[TRANSFORMERS_FLAVOR_NAME];
  const problem = (detail: string): MillraceError =>
    new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The MLmodel of the model at '${modelDirectory}' has no usable "${TRANSFORMERS_FLAVOR_NAME}" flavor: ${detail}`,
    );
  if (!isPlainRecord(block)) {
    throw problem(`the "${TRANSFORMERS_FLAVOR_NAME}" block is missing.`);
  }
  const task = block['task'];
  if (!isTransformersTask(task)) {
    throw problem(`unknown task ${JSON.stringify(task)}.`);
  }
  const text = (key: string, fallback: string): string => {
    const value = block[key];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  return buildTransformersFlavorConfig({
    task,
    source_model_name: text('source_model_name', ''),
    model_path: text('model_path', 'model'),
    dtype: text('dtype', 'fp32'),
    model_file_name: text('model_file_name', 'model'),
    transformers_js_version: text('transformers_js_version', ''),
  });
}
