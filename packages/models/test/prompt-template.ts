import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSignature } from '@millrace/core';
import { silentModelLogger } from '../src/model-logger.js';
import { saveModel, type SaveModelOptions, type SavedModel } from '../src/save-model.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const PROMPT_TEMPLATE_CODE = path.join(FIXTURES, 'prompt-template', 'model.ts');
export const PROMPT_TEMPLATES = path.join(FIXTURES, 'prompt-template', 'templates');

/** The signature of the seeds' MPT-7B custom model: prompt in, candidates out, two params. */
export const PROMPT_TEMPLATE_SIGNATURE: ModelSignature = {
  inputs: [{ type: 'string', name: 'prompt', required: true }],
  outputs: [{ type: 'string', name: 'candidates', required: true }],
  params: [
    { name: 'temperature', type: 'float', default: 0.1, shape: null },
    { name: 'max_tokens', type: 'integer', default: 1000, shape: null },
  ],
};

/** What the prompt template model answers for one prompt. */
export function expectedCandidate(
  prompt: string,
  temperature: number,
  maxTokens: number,
  greeting = '',
): string {
  return (
    `${greeting}Below is an instruction that describes a task. ### Instruction: ${prompt} ### Response: ` +
    `[temperature=${temperature} max_tokens=${maxTokens}]`
  );
}

/** Saves the prompt template model (seeds' signature, templates artifact, example) to `directory`. */
export async function savePromptTemplateModel(
  directory: string,
  overrides: Partial<SaveModelOptions> = {},
): Promise<SavedModel> {
  return await saveModel({
    path: directory,
    code: PROMPT_TEMPLATE_CODE,
    artifacts: { templates: PROMPT_TEMPLATES },
    signature: PROMPT_TEMPLATE_SIGNATURE,
    inputExample: [{ prompt: 'What is machine learning?' }],
    logger: silentModelLogger,
    ...overrides,
  });
}
