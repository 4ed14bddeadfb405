import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError } from '@millrace/core';

/** The folder, inside a Millrace model directory, that holds the Hugging Face-style model files. */
export const MODEL_FILES_FOLDER = 'model';

/** The ONNX file name suffix transformers.js looks for per dtype (`onnx/model<suffix>.onnx`). */
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

export const DEFAULT_DTYPE = 'fp32';

/** The ONNX weights transformers.js loads for a dtype, relative to the model folder. */
export function onnxFileFor(dtype: string): string {
  const suffix = DTYPE_SUFFIXES[dtype];
  if (suffix === undefined) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Unknown dtype '${dtype}'. Known dtypes: ${Object.keys(DTYPE_SUFFIXES).join(', ')}.`,
    );
  }
  return `onnx/model${suffix}.onnx`;
}

/** The files a model folder needs, relative to it: config, tokenizer and the ONNX weights. */
export function requiredModelFiles(dtype: string): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
}

/** The relative paths of the required files missing from a folder. */
export function missingModelFiles(folder: string, dtype: string): string[] {
  return requiredModelFiles(dtype).filter((file) => !existsSync(path.join(folder, file)));
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

/** Whether the tokenizer of a model folder has a chat template (in its config or a template file). */
export function hasChatTemplate(folder: string): boolean {
  const template = readModelJson(folder, 'tokenizer_config.json')?.['chat_template'];
  return (
    (typeof template === 'string' && template !== '') ||
    (Array.isArray(template) && template.length > 0) ||
    existsSync(path.join(folder, 'chat_template.jinja'))
  );
}
