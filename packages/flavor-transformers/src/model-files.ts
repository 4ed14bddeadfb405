import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError } from '@millrace/core';

/** The folder, inside a Millrace model directory, that holds the Hugging Face-style model files. */
export const MODEL_FILES_FOLDER = 'model';

/** The ONNX file name suffix transformers.js looks for per dtype (`onnx/<file name><suffix>.onnx`). */
const DTYPE_SUFFIXES: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Which ONNX weights of a model folder to load. */
export interface OnnxWeights {
  /** The variant: fp32 (onnx/model.onnx), fp16, q8 (onnx/model_quantized.onnx), q4, … */
  dtype: string;
  /** The base name of the file (`model`; older decoder exports use `decoder_model_merged`). */
  fileName: string;
}

export const DEFAULT_ONNX_WEIGHTS: OnnxWeights = { dtype: 'fp32', fileName: 'model' };

/** The ONNX file transformers.js loads, relative to the model folder. */
export function onnxFileFor(weights: OnnxWeights): string {
  const suffix = DTYPE_SUFFIXES[weights.dtype];
  if (suffix === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Unknown dtype '${weights.dtype}'. Known dtypes: ${Object.keys(DTYPE_SUFFIXES).join(', ')}.`,
    );
  }
  return `onnx/${weights.fileName}${suffix}.onnx`;
}

/** The files a model folder needs, relative to it: config, tokenizer and the ONNX weights. */
export function requiredModelFiles(weights: OnnxWeights): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(weights)];
}

/** The relative paths of the required files missing from a folder. */
export function missingModelFiles(folder: string, weights: OnnxWeights): string[] {
  return requiredModelFiles(weights).filter((file) => !existsSync(path.join(folder, file)));
}

/** The weights a model config chooses (`dtype`, `model_file_name`), over the given defaults. */
export function readOnnxWeights(
  modelConfig: Record<string, unknown> | undefined,
  defaults: OnnxWeights,
): OnnxWeights {
  const text = (key: string): string | undefined => {
    const value = modelConfig?.[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string' || value === '') {
      throw new MillraceError('INVALID_PARAMETER_VALUE', `'model_config.${key}' must be a non-empty string.`);
    }
    return value;
  };
  return { dtype: text('dtype') ?? defaults.dtype, fileName: text('model_file_name') ?? defaults.fileName };
}

/** Reads a JSON file of the model folder, or undefined when it is absent or not an object. */
export function readModelJson(folder: string, file: string): Record<string, unknown> | undefined {
  const filePath = path.join(folder, file);
  if (!existsSync(filePath)) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the tokenizer of a model folder has a chat template: `chat_template` in
 * tokenizer_config.json (transformers.js tokenizers do not read a separate chat_template.jinja).
 */
export function hasChatTemplate(folder: string): boolean {
  const template = readModelJson(folder, 'tokenizer_config.json')?.['chat_template'];
  return (
    (typeof template === 'string' && template !== '') || (Array.isArray(template) && template.length > 0)
  );
}
