#!/usr/bin/env node
// Logs the walkthrough's three models to the tracking server (MLFLOW_TRACKING_URI, default
// http://127.0.0.1:5000) and registers them, then prints the `millrace models serve` commands.
//
//   node examples/deployments-walkthrough/log-models.mjs [--workdir DIR] [--embeddings-model DIR]
//        [--fill-mask-model DIR] [--with-incompatible]
//
// Without model folders, a tiny random-weight BERT (from @millrace/tiny-models, written in a
// second, no download) is the embeddings and fill-mask model: its answers are gibberish.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pipelineTaskSignature, saveTransformersModel } from '@millrace/flavor-transformers';
import { writeTinyBert } from '@millrace/tiny-models';
import { logModel, logModelDirectory, parseSignature, setExperiment, startRun } from 'millrace';

const here = fileURLToPath(new URL('.', import.meta.url));
const customLlm = resolve(here, '../custom-llm');
const { values: options } = parseArgs({
  options: {
    workdir: { type: 'string', default: '.millrace/walkthrough' },
    'embeddings-model': { type: 'string' },
    'fill-mask-model': { type: 'string' },
    'with-incompatible': { type: 'boolean', default: false },
  },
});
const workdir = resolve(options.workdir);

/** A Hugging Face-style ONNX folder: the given one, or the tiny BERT (written once). */
function modelFolder(given) {
  if (given !== undefined) return resolve(given);
  const tiny = join(workdir, 'tiny-bert');
  if (!existsSync(join(tiny, 'onnx', 'model.onnx'))) writeTinyBert(tiny);
  return tiny;
}

/** Saves a transformers.js model directory (feature-extraction or fill-mask) and returns its path. */
async function saveTransformers(name, task, folder, extra) {
  const path = join(workdir, 'saved', name);
  await rm(path, { recursive: true, force: true });
  await saveTransformersModel({ path, modelDirectory: folder, task, ...extra });
  return path;
}

/** Logs a model directory in a run of its own and registers it; returns models:/<name>/<version>. */
async function logAndRegister(name, log) {
  const info = await startRun({ runName: name }, log);
  return `models:/${name}/${info.registeredModelVersion.version}`;
}

const signatureOf = (json) =>
  parseSignature({
    inputs: JSON.stringify(json.inputs),
    outputs: JSON.stringify(json.outputs),
    params: json.params === null ? null : JSON.stringify(json.params),
  });

await setExperiment('deployments-walkthrough');
const commands = [];

// The embeddings model: sentence embeddings as one float vector per input (mean pooling, normalized),
// what the seed's sentence-transformers model answers.
const embeddingsPath = await saveTransformers(
  'sentence-transformer',
  'feature-extraction',
  modelFolder(options['embeddings-model']),
  {
    modelConfig: { pooling: 'mean', normalize: true },
    signature: {
      inputs: null,
      outputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, -1] } }],
      params: pipelineTaskSignature('feature-extraction').params,
    },
  },
);
const embeddingsUri = await logAndRegister('sentence-transformer', () =>
  logModelDirectory(embeddingsPath, {
    name: 'embeddings_model',
    registeredModelName: 'sentence-transformer',
  }),
);
commands.push(`npx millrace models serve -m ${embeddingsUri} -h 127.0.0.1 -p 9020 --no-conda`);

// The fill-mask model: as MLflow's transformers flavor, it answers the best word for [MASK] per input.
const fillMaskPath = await saveTransformers(
  'fill-mask',
  'fill-mask',
  modelFolder(options['fill-mask-model']),
  {
    signature: {
      inputs: null,
      outputs: [{ type: 'string', required: true }],
      params: pipelineTaskSignature('fill-mask').params,
    },
  },
);
const fillMaskUri = await logAndRegister('fill-mask', () =>
  logModelDirectory(fillMaskPath, { name: 'mask_fill_model', registeredModelName: 'fill-mask' }),
);
commands.push(`npx millrace models serve -m ${fillMaskUri} -h 127.0.0.1 -p 9010 --no-conda`);

// The instruct LLM: the custom model with the seed's prompt template (examples/custom-llm).
const llmSignature = JSON.parse(await readFile(join(customLlm, 'signature.json'), 'utf8'));
const llmUri = await logAndRegister('mpt-7b-instruct', () =>
  logModel({
    name: 'mpt-7b-instruct',
    code: join(customLlm, 'model.ts'),
    artifacts: { snapshot: join(customLlm, 'snapshot') },
    signature: signatureOf(llmSignature),
    inputExample: [{ prompt: 'What is machine learning?' }],
    registeredModelName: 'mpt-7b-instruct',
  }),
);
commands.push(`npx millrace models serve -m ${llmUri} -h 127.0.0.1 -p 9030 -t 1200 -w 1 --no-conda`);

if (options['with-incompatible']) {
  // The seed's counter-example: an embeddings model answering [{"embedding": [...]}].
  const recordsUri = await logAndRegister('embeddings-records', () =>
    logModel({
      name: 'embeddings-records',
      code: join(here, 'incompatible-embeddings.mjs'),
      signature: signatureOf({
        inputs: [{ type: 'string', name: 'input', required: true }],
        outputs: [{ type: 'array', items: { type: 'double' }, name: 'embedding', required: true }],
        params: null,
      }),
      registeredModelName: 'embeddings-records',
    }),
  );
  commands.push(`npx millrace models serve -m ${recordsUri} -h 127.0.0.1 -p 9040 --no-conda`);
}

console.log('Registered. Serve each model in a terminal of its own:');
for (const command of commands) console.log(`  ${command}`);
