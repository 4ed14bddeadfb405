import type { ModelSignature, ParamSpec } from '@millrace/core';
import type { PipelineTask } from './transformers-task.js';

function param(name: string, type: ParamSpec['type'], shape: ParamSpec['shape'] = null): ParamSpec {
  return { name, type, default: null, shape };
}

/**
 * The default signature of a plain pipeline task: no input or output schema (the pipeline's
 * natural input and output pass as they are) and a params schema naming the inference knobs,
 * each defaulting to null (= not set: the model config, then the model's own defaults, apply).
 * Without a params schema, request params would be dropped before they reach the model.
 */
export function pipelineTaskSignature(task: PipelineTask): ModelSignature {
  const params: Record<PipelineTask, ParamSpec[]> = {
    'text-generation': [
      param('max_new_tokens', 'long'),
      param('temperature', 'double'),
      param('top_p', 'double'),
      param('top_k', 'long'),
      param('do_sample', 'boolean'),
      param('repetition_penalty', 'double'),
      param('seed', 'long'),
      param('stop', 'string', [-1]),
      param('return_full_text', 'boolean'),
    ],
    'feature-extraction': [param('pooling', 'string'), param('normalize', 'boolean')],
    'fill-mask': [param('top_k', 'long')],
  };
  return { inputs: null, outputs: null, params: params[task] };
}
