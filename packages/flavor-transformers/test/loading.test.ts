import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { MillraceError, readMLmodel } from '@millrace/core';
import { loadModel, silentModelLogger } from '@millrace/models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTinyModelFixtures, transformersFlavor } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();

async function loadFailure(directory: string): Promise<MillraceError> {
  const error: unknown = await loadModel(directory, {
    flavors: [transformersFlavor],
    logger: silentModelLogger,
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(MillraceError);
  return error as MillraceError;
}

describe('loading a transformers_js model', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never reaches the network: remote models are off and fetch is never called', async () => {
    env.allowRemoteModels = true;
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const model = await fixtures.load('llm/v1/completions');
    await model.predict({ prompt: 'Hello', max_tokens: 2 });
    expect(env.allowRemoteModels).toBe(false);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names a missing model file', async () => {
    const directory = await fixtures.save('llm/v1/chat');
    rmSync(path.join(directory, 'model', 'tokenizer.json'));
    const error = await loadFailure(directory);
    expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toBe(
      `The transformers.js model at '${directory}' cannot be loaded: missing '${path.join('model', 'tokenizer.json')}'.`,
    );
  });

  it('names the model when a file is corrupted, without a stack trace', async () => {
    const directory = await fixtures.save('llm/v1/embeddings');
    writeFileSync(path.join(directory, 'model', 'onnx', 'model.onnx'), 'not a model');
    const error = await loadFailure(directory);
    expect(error.message).toContain(
      `The transformers.js model at '${directory}' could not be loaded as a 'feature-extraction' pipeline`,
    );
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('loads the ONNX variant and file the model config names, and names a missing one', async () => {
    const directory = await fixtures.save('fill-mask');
    const onnx = path.join(directory, 'model', 'onnx');
    writeFileSync(path.join(onnx, 'model_quantized.onnx'), readFileSync(path.join(onnx, 'model.onnx')));
    const options = { flavors: [transformersFlavor], logger: silentModelLogger };
    const quantized = await loadModel(directory, { ...options, modelConfig: { dtype: 'q8' } });
    expect(await quantized.predict('hello [MASK]', { top_k: 1 })).toHaveLength(1);
    await expect(loadModel(directory, { ...options, modelConfig: { dtype: 'q4' } })).rejects.toThrow(
      /model_q4\.onnx/,
    );
    await expect(loadModel(directory, { ...options, modelConfig: { dtype: 'fp64' } })).rejects.toThrow(
      /Unknown dtype 'fp64'/,
    );
  });

  it('refuses an MLmodel without a usable transformers_js block', async () => {
    const directory = await fixtures.save('fill-mask');
    const mlmodel = await readMLmodel(directory);
    const broken = { ...mlmodel, flavors: { ...mlmodel.flavors, transformers_js: { task: 'translation' } } };
    await expect(transformersFlavor.load(directory, broken, { modelConfig: {} })).rejects.toThrow(
      /has no usable "transformers_js" flavor: unknown task "translation"/,
    );
  });

  it('loads two models at once without mixing up their folders', async () => {
    const [chat, embeddings] = await Promise.all([
      fixtures.load('llm/v1/chat'),
      fixtures.load('llm/v1/embeddings'),
    ]);
    expect(chat.flavor).toBe('transformers_js');
    expect(await embeddings.predict({ input: 'hello' })).toMatchObject({ object: 'list' });
    expect(await chat.predict({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1 })).toMatchObject({
      object: 'chat.completion',
    });
  });
});
