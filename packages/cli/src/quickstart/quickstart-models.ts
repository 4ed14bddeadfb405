import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MillraceError, parseSignature, type ModelSignature } from '@millrace/core';
import { saveModel } from '@millrace/models';
import { pipelineTaskSignature, saveTransformersModel } from '@millrace/flavor-transformers';
import { writeTinyBert } from '@millrace/tiny-models';
import { findExampleDirectory } from './find-example-directory.js';

/** One of the quickstart's three models: its registered name, endpoint type and local model directory. */
export interface QuickstartModel {
  name: 'embeddings' | 'fill-mask' | 'instruct-llm';
  endpointType: 'llm/v1/embeddings' | 'llm/v1/completions';
  /** What the progress lines call it. */
  description: string;
  /** A saved model directory (with an MLmodel file) ready to be logged. */
  directory: string;
}

export interface QuickstartModelSources {
  /** A saved model directory, or a Hugging Face-style ONNX folder served as feature-extraction. */
  embeddingsModel?: string;
  /** A saved model directory, or a Hugging Face-style ONNX folder served as fill-mask. */
  fillMaskModel?: string;
  /** A saved model directory (with an MLmodel file). */
  llmModel?: string;
}

function isSavedModel(directory: string): boolean {
  return existsSync(join(directory, 'MLmodel'));
}

/** The tiny random-weight BERT of @millrace/tiny-models, written once under the workdir and reused. */
function tinyBert(workdir: string): { directory: string; reused: boolean } {
  const directory = join(workdir, 'tiny-models', 'tiny-bert');
  if (existsSync(join(directory, 'onnx', 'model.onnx'))) return { directory, reused: true };
  writeTinyBert(directory);
  return { directory, reused: false };
}

/** Sentence embeddings: the encoder's mean-pooled, normalized output, one float vector per text. */
const EMBEDDINGS_SIGNATURE: ModelSignature = {
  inputs: null,
  outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, -1] } }],
  params: pipelineTaskSignature('feature-extraction').params,
};

/** Fill-mask as MLflow's transformers pyfunc answers it: the best token per text. */
const FILL_MASK_SIGNATURE: ModelSignature = {
  inputs: null,
  outputs: [{ type: 'string', required: true }],
  params: pipelineTaskSignature('fill-mask').params,
};

async function saveFromFolder(
  source: string,
  target: string,
  task: 'feature-extraction' | 'fill-mask',
): Promise<string> {
  if (isSavedModel(source)) return source;
  if (!existsSync(join(source, 'config.json'))) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `'${source}' is neither a saved model directory (with an MLmodel file) nor a Hugging Face-style ONNX folder (with config.json).`,
    );
  }
  await rm(target, { recursive: true, force: true });
  await saveTransformersModel({
    path: target,
    modelDirectory: source,
    task,
    ...(task === 'feature-extraction'
      ? { modelConfig: { pooling: 'mean', normalize: true }, signature: EMBEDDINGS_SIGNATURE }
      : { signature: FILL_MASK_SIGNATURE }),
  });
  return target;
}

async function saveInstructLlm(target: string): Promise<string> {
  const example = findExampleDirectory();
  const signature = JSON.parse(await readFile(join(example, 'signature.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await rm(target, { recursive: true, force: true });
  await saveModel({
    path: target,
    code: join(example, 'model.ts'),
    artifacts: { snapshot: join(example, 'snapshot') },
    signature: parseSignature({
      inputs: JSON.stringify(signature['inputs']),
      outputs: JSON.stringify(signature['outputs']),
      params: JSON.stringify(signature['params']),
    }),
    inputExample: JSON.parse(await readFile(join(example, 'input-example.json'), 'utf8')) as unknown,
  });
  return target;
}

/**
 * The three models of the seeds' walkthrough as saved model directories under `<workdir>/saved/`:
 * by default a tiny BERT (random weights, written once) as the embeddings and fill-mask models
 * and the custom LLM example (an instruction-prompt template) as the instruct LLM.
 */
export async function prepareQuickstartModels(
  workdir: string,
  sources: QuickstartModelSources,
  say: (line: string) => void,
): Promise<QuickstartModel[]> {
  const saved = join(workdir, 'saved');
  let bert: string | undefined;
  const defaultBert = (): string => {
    if (bert !== undefined) return bert;
    const written = tinyBert(workdir);
    say(
      `    ${written.reused ? 'reusing' : 'wrote'} the tiny BERT encoder (random weights, for trying things out) in ${written.directory}`,
    );
    bert = written.directory;
    return bert;
  };
  const embeddingsSource =
    sources.embeddingsModel === undefined ? defaultBert() : resolve(sources.embeddingsModel);
  const fillMaskSource = sources.fillMaskModel === undefined ? defaultBert() : resolve(sources.fillMaskModel);
  const llmDirectory =
    sources.llmModel === undefined
      ? await saveInstructLlm(join(saved, 'instruct-llm'))
      : resolve(sources.llmModel);
  if (!isSavedModel(llmDirectory)) {
    throw new MillraceError(
      'RESOURCE_DOES_NOT_EXIST',
      `--llm-model '${llmDirectory}' is not a saved model directory (it has no MLmodel file).`,
    );
  }
  return [
    {
      name: 'embeddings',
      endpointType: 'llm/v1/embeddings',
      description: 'sentence embeddings (transformers.js feature-extraction, mean pooling, normalized)',
      directory: await saveFromFolder(embeddingsSource, join(saved, 'embeddings'), 'feature-extraction'),
    },
    {
      name: 'fill-mask',
      endpointType: 'llm/v1/completions',
      description: 'fill-mask (transformers.js; answers the best word for [MASK])',
      directory: await saveFromFolder(fillMaskSource, join(saved, 'fill-mask'), 'fill-mask'),
    },
    {
      name: 'instruct-llm',
      endpointType: 'llm/v1/completions',
      description:
        sources.llmModel === undefined
          ? 'the custom LLM example (examples/custom-llm: an instruction prompt template around a tiny generator)'
          : `your LLM model (${llmDirectory})`,
      directory: llmDirectory,
    },
  ];
}
