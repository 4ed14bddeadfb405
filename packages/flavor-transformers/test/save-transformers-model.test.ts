import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError, parseMLmodel, type MLmodel } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { LLM_TASKS, saveTransformersModel, transformersVersion, type LlmTask } from '../src/index.js';
import { createTinyModelFixtures } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/llm-v1-signatures.json', import.meta.url), 'utf8'),
) as Record<LlmTask, { inputs: string; outputs: string }>;

function readMLmodelOf(directory: string): MLmodel {
  return parseMLmodel(readFileSync(path.join(directory, 'MLmodel'), 'utf8'));
}

async function expectFailure(promise: Promise<unknown>, code: string, fragment: RegExp): Promise<void> {
  const error: unknown = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(MillraceError);
  expect((error as MillraceError).errorCode).toBe(code);
  expect((error as Error).message).toMatch(fragment);
}

describe('saveTransformersModel', () => {
  it.each(LLM_TASKS)(
    'writes MLflow’s %s signature byte for byte, no params, and metadata.task',
    async (task) => {
      const directory = await fixtures.save(task);
      const mlmodel = readMLmodelOf(directory);
      expect(mlmodel.signature).toEqual({
        inputs: golden[task].inputs,
        outputs: golden[task].outputs,
        params: null,
      });
      expect(mlmodel.metadata).toEqual({ task });
      expect(readFileSync(path.join(directory, 'MLmodel'), 'utf8')).toContain('  params: null\n');
    },
  );

  it('writes the flavor block and node_function.loader, and copies the model files in', async () => {
    const directory = await fixtures.save('llm/v1/chat', { modelConfig: { max_new_tokens: 32 } });
    const mlmodel = readMLmodelOf(directory);
    expect(mlmodel.flavors['node_function']).toEqual({
      loader: 'transformers_js',
      node_version: process.versions.node,
      env: { npm: 'package.json' },
      streamable: true,
      config: { max_new_tokens: 32 },
    });
    expect(mlmodel.flavors['transformers_js']).toEqual({
      task: 'llm/v1/chat',
      pipeline_task: 'text-generation',
      inference_task: 'llm/v1/chat',
      source_model_name: 'tiny-gpt2',
      model_path: 'model',
      dtype: 'fp32',
      model_file_name: 'model',
      transformers_js_version: transformersVersion(),
    });
    for (const file of [
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model.onnx',
    ]) {
      const copied = readFileSync(path.join(directory, 'model', file));
      expect(copied.equals(readFileSync(path.join(fixtures.gpt2, file))), file).toBe(true);
    }
    const packageJson = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(packageJson['dependencies']).toMatchObject({ '@huggingface/transformers': transformersVersion() });
    expect(mlmodel.model_size_bytes).toBeGreaterThan(
      readFileSync(path.join(fixtures.gpt2, 'onnx/model.onnx')).length,
    );
    expect(mlmodel.model_uuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives plain pipeline tasks a params schema of their knobs and no metadata task', async () => {
    const mlmodel = readMLmodelOf(await fixtures.save('fill-mask'));
    expect(mlmodel.metadata).toBeUndefined();
    expect(mlmodel.signature).toEqual({
      inputs: null,
      outputs: null,
      params: '[{"name": "top_k", "default": null, "shape": null, "type": "long"}]',
    });
    expect(mlmodel.flavors['node_function']?.['streamable']).toBe(false);
    expect(mlmodel.flavors['transformers_js']).not.toHaveProperty('inference_task');
  });

  it('saves the input example and its serving body', async () => {
    const example = { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5 };
    const directory = await fixtures.save('llm/v1/chat', { inputExample: example });
    expect(readMLmodelOf(directory).saved_input_example_info).toEqual({
      artifact_path: 'input_example.json',
      type: 'json_object',
      serving_input_path: 'serving_input_example.json',
    });
    expect(JSON.parse(readFileSync(path.join(directory, 'input_example.json'), 'utf8'))).toEqual(example);
    expect(JSON.parse(readFileSync(path.join(directory, 'serving_input_example.json'), 'utf8'))).toEqual(
      example,
    );
  });

  it('takes the source model name from the options, else config.json', async () => {
    const named = readMLmodelOf(await fixtures.save('llm/v1/completions', { sourceModelName: 'org/tiny' }));
    expect(named.flavors['transformers_js']?.['source_model_name']).toBe('org/tiny');
  });

  it('refuses an unknown task, listing the supported ones', async () => {
    await expectFailure(
      saveTransformersModel({
        path: path.join(fixtures.root, 'bad-task'),
        modelDirectory: fixtures.gpt2,
        task: 'summarization' as 'fill-mask',
      }),
      'INVALID_PARAMETER_VALUE',
      /Unsupported task "summarization".*llm\/v1\/chat/,
    );
    expect(existsSync(path.join(fixtures.root, 'bad-task'))).toBe(false);
  });

  it('refuses a model folder without its ONNX weights, naming the file', async () => {
    const folder = path.join(fixtures.root, 'no-onnx');
    mkdirSync(folder);
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      writeFileSync(path.join(folder, file), readFileSync(path.join(fixtures.gpt2, file)));
    }
    await expectFailure(
      saveTransformersModel({
        path: path.join(fixtures.root, 'out-no-onnx'),
        modelDirectory: folder,
        task: 'text-generation',
      }),
      'RESOURCE_DOES_NOT_EXIST',
      /'onnx\/model\.onnx'/,
    );
    await expectFailure(
      saveTransformersModel({
        path: path.join(fixtures.root, 'out-q8'),
        modelDirectory: fixtures.gpt2,
        task: 'text-generation',
        modelConfig: { dtype: 'q8' },
      }),
      'RESOURCE_DOES_NOT_EXIST',
      /'onnx\/model_quantized\.onnx'/,
    );
  });

  it('refuses llm/v1/chat for a tokenizer without a chat template', async () => {
    const directory = await fixtures.save('fill-mask');
    await expectFailure(
      saveTransformersModel({
        path: path.join(fixtures.root, 'chat-bert'),
        modelDirectory: path.join(directory, 'model'),
        task: 'llm/v1/chat',
      }),
      'INVALID_PARAMETER_VALUE',
      /no chat template/,
    );
  });

  it('refuses a signature for an llm/v1 task unless it is MLflow’s, as MLflow does', async () => {
    await expectFailure(
      fixtures.save('llm/v1/embeddings', {
        signature: {
          inputs: [{ type: 'string', name: 'text', required: true }],
          outputs: null,
          params: null,
        },
      }),
      'INVALID_PARAMETER_VALUE',
      /When `task` is specified as `llm\/v1\/embeddings`, the signature would be set by MLflow/,
    );
    const { llmSignature } = await import('../src/index.js');
    const directory = await fixtures.save('llm/v1/embeddings', {
      signature: llmSignature('llm/v1/embeddings'),
    });
    expect(readMLmodelOf(directory).signature?.inputs).toBe(golden['llm/v1/embeddings'].inputs);
  });

  it('refuses metadata.task different from the task', async () => {
    await expectFailure(
      fixtures.save('llm/v1/completions', { metadata: { task: 'llm/v1/chat' } }),
      'INVALID_PARAMETER_VALUE',
      /metadata\.task is 'llm\/v1\/chat'/,
    );
    const mlmodel = readMLmodelOf(await fixtures.save('llm/v1/completions', { metadata: { owner: 'me' } }));
    expect(mlmodel.metadata).toEqual({ owner: 'me', task: 'llm/v1/completions' });
  });

  it('refuses a directory that exists and is not empty', async () => {
    const target = path.join(fixtures.root, 'occupied');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'mine');
    await expectFailure(
      saveTransformersModel({ path: target, modelDirectory: fixtures.gpt2, task: 'text-generation' }),
      'RESOURCE_ALREADY_EXISTS',
      /already exists and is not empty/,
    );
    expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
