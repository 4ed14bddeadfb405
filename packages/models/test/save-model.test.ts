import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError, parseMLmodel, Table } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/load-model.js';
import { silentModelLogger, type ModelLogger } from '../src/model-logger.js';
import { saveModel } from '../src/save-model.js';
import {
  expectedCandidate,
  FIXTURES,
  PROMPT_TEMPLATE_CODE,
  PROMPT_TEMPLATES,
  savePromptTemplateModel,
} from './prompt-template.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const temporary = useTemporaryDirectories();

function collectingLogger(): ModelLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

function filesUnder(directory: string, prefix = ''): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(directory, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

describe('saveModel: the model directory', () => {
  it('writes MLmodel, the bundle, artifacts, input examples and package.json', async () => {
    const directory = path.join(temporary.outside(), 'model');
    await savePromptTemplateModel(directory, { metadata: { task: 'llm/v1/completions' } });
    expect(filesUnder(directory).sort()).toEqual([
      'MLmodel',
      'artifacts/templates/README.txt',
      'artifacts/templates/prompt.yaml',
      'input_example.json',
      'model.mjs',
      'package.json',
      'serving_input_example.json',
    ]);
    expect(readFileSync(path.join(directory, 'artifacts/templates/prompt.yaml'), 'utf8')).toBe(
      readFileSync(path.join(PROMPT_TEMPLATES, 'prompt.yaml'), 'utf8'),
    );
    expect(JSON.parse(readFileSync(path.join(directory, 'input_example.json'), 'utf8'))).toEqual({
      columns: ['prompt'],
      data: [['What is machine learning?']],
    });
    expect(readFileSync(path.join(directory, 'serving_input_example.json'), 'utf8')).toBe(
      JSON.stringify(
        { dataframe_split: { columns: ['prompt'], data: [['What is machine learning?']] } },
        null,
        2,
      ),
    );
    expect(JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'))).toEqual({
      private: true,
      type: 'module',
      dependencies: {},
    });
  });

  it('writes MLflow’s MLmodel fields with a node_function flavor for the custom model', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await savePromptTemplateModel(directory, {
      metadata: { task: 'llm/v1/completions' },
      modelConfig: { greeting: 'Hello. ' },
      artifactPath: 'model',
      runId: '84552a129bfb45faa87f5fb3f05eb9cf',
    });
    const text = readFileSync(path.join(directory, 'MLmodel'), 'utf8');
    const mlmodel = parseMLmodel(text);
    expect(mlmodel).toEqual(saved.mlmodel);
    expect(mlmodel.flavors).toEqual({
      node_function: {
        loader: 'custom_model',
        node_version: process.versions.node,
        env: { npm: 'package.json' },
        code: 'model.mjs',
        source_path: PROMPT_TEMPLATE_CODE,
        artifacts: { templates: { path: 'artifacts/templates', uri: PROMPT_TEMPLATES } },
        streamable: true,
        config: { greeting: 'Hello. ' },
      },
    });
    expect(mlmodel.artifact_path).toBe('model');
    expect(mlmodel.run_id).toBe('84552a129bfb45faa87f5fb3f05eb9cf');
    expect(mlmodel.millrace_version).toBe('0.1.0');
    expect(mlmodel.mlflow_version).toBeUndefined();
    expect(mlmodel.model_uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(mlmodel.utc_time_created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(mlmodel.metadata).toEqual({ task: 'llm/v1/completions' });
    expect(mlmodel.saved_input_example_info).toEqual({
      artifact_path: 'input_example.json',
      type: 'dataframe',
      pandas_orient: 'split',
      serving_input_path: 'serving_input_example.json',
    });
    // The seeds' signature, as MLflow writes it.
    expect(mlmodel.signature).toEqual({
      inputs: '[{"type": "string", "name": "prompt", "required": true}]',
      outputs: '[{"type": "string", "name": "candidates", "required": true}]',
      params:
        '[{"name": "temperature", "default": 0.1, "shape": null, "type": "float"}, ' +
        '{"name": "max_tokens", "default": 1000, "shape": null, "type": "integer"}]',
    });
  });

  it('records the size of every file but MLmodel as model_size_bytes', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await savePromptTemplateModel(directory);
    const total = filesUnder(directory)
      .filter((file) => file !== 'MLmodel')
      .reduce((sum, file) => sum + statSync(path.join(directory, file)).size, 0);
    expect(saved.mlmodel.model_size_bytes).toBe(total);
  });

  it('marks a model without predictStream as not streamable and writes no signature without one', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await saveModel({ path: directory, code: path.join(FIXTURES, 'row-count-model.ts') });
    expect(saved.mlmodel.flavors['node_function']?.['streamable']).toBe(false);
    expect(saved.signature).toBeNull();
    expect(saved.mlmodel.signature).toBeUndefined();
    expect(saved.mlmodel.saved_input_example_info).toBeUndefined();
    expect(existsSync(path.join(directory, 'input_example.json'))).toBe(false);
  });

  it('saves into an existing empty directory, and accepts a file: URI for an artifact', async () => {
    const directory = temporary.outside();
    const templatesUri = `file://${PROMPT_TEMPLATES}`;
    await savePromptTemplateModel(directory, { artifacts: { templates: templatesUri } });
    expect(existsSync(path.join(directory, 'artifacts/templates/prompt.yaml'))).toBe(true);
    const mlmodel = parseMLmodel(readFileSync(path.join(directory, 'MLmodel'), 'utf8'));
    expect(mlmodel.flavors['node_function']?.['artifacts']).toEqual({
      templates: { path: 'artifacts/templates', uri: templatesUri },
    });
  });

  it('copies a single-file artifact to artifacts/<name>', async () => {
    const directory = path.join(temporary.outside(), 'model');
    await saveModel({
      path: directory,
      code: path.join(FIXTURES, 'echo-model.ts'),
      artifacts: { readme: path.join(PROMPT_TEMPLATES, 'README.txt') },
    });
    expect(readFileSync(path.join(directory, 'artifacts/readme'), 'utf8')).toContain(
      'Notes kept with the templates',
    );
  });
});

describe('saveModel: signature inference', () => {
  it('infers inputs from the example, params from params, and outputs by running predict', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await savePromptTemplateModel(directory, {
      signature: undefined,
      params: { temperature: 0.1, max_tokens: 1000 },
    });
    expect(saved.signature).toEqual({
      inputs: [{ type: 'string', name: 'prompt', required: true }],
      outputs: [{ type: 'array', items: { type: 'string' }, name: 'candidates', required: true }],
      params: [
        { name: 'temperature', type: 'double', default: 0.1, shape: null },
        { name: 'max_tokens', type: 'long', default: 1000, shape: null },
      ],
    });
    expect(saved.mlmodel.saved_input_example_info?.params).toBe('true');
    expect(JSON.parse(readFileSync(path.join(directory, 'input_example.json'), 'utf8'))).toEqual({
      inputs: { columns: ['prompt'], data: [['What is machine learning?']] },
      params: { temperature: 0.1, max_tokens: 1000 },
    });
    const model = await loadModel(directory, { logger: silentModelLogger });
    expect(await model.predict([{ prompt: 'q' }])).toEqual({
      candidates: [expectedCandidate('q', 0.1, 1000)],
    });
  });

  it('keeps inputs and warns when predict fails on the example', async () => {
    const code = path.join(temporary.outside(), 'model.ts');
    writeFileSync(code, "export default { predict() { throw new Error('needs a GPU'); } };\n");
    const directory = path.join(temporary.outside(), 'model');
    const logger = collectingLogger();
    const saved = await saveModel({ path: directory, code, inputExample: { question: 'why?' }, logger });
    expect(saved.signature?.inputs).toEqual([{ type: 'string', name: 'question', required: true }]);
    expect(saved.signature?.outputs).toBeNull();
    expect(logger.messages).toEqual([
      `Could not infer the output schema of the model saved at '${directory}' by running predict on the input example: needs a GPU`,
    ]);
  });

  it('writes no signature when told so with null, even with an example', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await savePromptTemplateModel(directory, { signature: null });
    expect(saved.mlmodel.signature).toBeUndefined();
    expect(saved.mlmodel.saved_input_example_info?.type).toBe('dataframe');
  });

  it('saves a Table example as a dataframe', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const saved = await saveModel({
      path: directory,
      code: path.join(FIXTURES, 'row-count-model.ts'),
      inputExample: new Table(['prompt'], [{ prompt: 'a' }, { prompt: 'b' }]),
      logger: silentModelLogger,
    });
    expect(saved.signature?.inputs).toEqual([{ type: 'string', name: 'prompt', required: true }]);
    expect(saved.signature?.outputs).toEqual([
      { type: 'long', name: 'count', required: true },
      { type: 'array', items: { type: 'string' }, name: 'prompts', required: true },
    ]);
  });
});

describe('saveModel: external packages', () => {
  it('leaves them as imports, pins their installed version in package.json, and runs them while saving', async () => {
    const directory = path.join(temporary.outside(), 'model');
    const installed = (JSON.parse(readFileSync(installedYamlManifest(), 'utf8')) as { version: string })
      .version;
    const saved = await saveModel({
      path: directory,
      code: path.join(FIXTURES, 'external-yaml-model.ts'),
      external: ['yaml'],
      requirements: ['left-pad@^1.3.0'],
      inputExample: { answer: 42 },
      logger: silentModelLogger,
    });
    expect(readFileSync(path.join(directory, 'model.mjs'), 'utf8')).toMatch(/from ["']yaml["']/);
    expect(JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8'))).toEqual({
      private: true,
      type: 'module',
      dependencies: { 'left-pad': '^1.3.0', yaml: installed },
    });
    // predict ran at save time (through the installed yaml) to infer the output.
    expect(saved.signature?.outputs).toEqual([{ type: 'string', required: true }]);
    expect(filesUnder(directory)).not.toContain('.millrace-save-check.mjs');
  });
});

function installedYamlManifest(): string {
  return path.resolve(FIXTURES, '../../../../node_modules/yaml/package.json');
}

describe('saveModel: refusals', () => {
  it('refuses a path that exists and is not empty', async () => {
    const directory = temporary.outside();
    writeFileSync(path.join(directory, 'keep.txt'), 'mine');
    const failure = savePromptTemplateModel(directory);
    await expect(failure).rejects.toBeInstanceOf(MillraceError);
    await expect(failure).rejects.toMatchObject({
      errorCode: 'RESOURCE_ALREADY_EXISTS',
      message: `Path '${directory}' already exists and is not empty`,
    });
    expect(readdirSync(directory)).toEqual(['keep.txt']);
  });

  it('refuses a path that is a file', async () => {
    const file = path.join(temporary.outside(), 'model');
    writeFileSync(file, '');
    await expect(savePromptTemplateModel(file)).rejects.toMatchObject({
      errorCode: 'RESOURCE_ALREADY_EXISTS',
    });
  });

  it('reports a bundling failure with the file and esbuild’s first error, and leaves nothing behind', async () => {
    const sources = temporary.outside();
    const code = path.join(sources, 'broken.ts');
    writeFileSync(code, 'export default {\n  predict(: number) {}\n};\n');
    const directory = path.join(temporary.outside(), 'model');
    await expect(saveModel({ path: directory, code })).rejects.toThrow(
      new RegExp(`^Failed to bundle the model code '${code}': .+broken\\.ts:2:\\d+\\)$`),
    );
    expect(existsSync(directory)).toBe(false);
  });

  it('refuses a model file whose default export is not a model, and empties an existing directory again', async () => {
    const sources = temporary.outside();
    const code = path.join(sources, 'not-a-model.ts');
    writeFileSync(code, 'export default 42;\n');
    const directory = temporary.outside();
    await expect(saveModel({ path: directory, code })).rejects.toThrow(
      `Failed to load the model at '${directory}': the default export of its code is a number`,
    );
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses a missing artifact, a remote artifact and a bad artifact name', async () => {
    const code = path.join(FIXTURES, 'echo-model.ts');
    await expect(
      saveModel({
        path: path.join(temporary.outside(), 'm'),
        code,
        artifacts: { weights: '/no/such/weights' },
      }),
    ).rejects.toThrow("The artifact 'weights' does not exist: '/no/such/weights' was not found.");
    await expect(
      saveModel({ path: path.join(temporary.outside(), 'm'), code, artifacts: { weights: 's3://bucket/w' } }),
    ).rejects.toThrow(/only local paths and file: URIs can be saved as artifacts/);
    await expect(
      saveModel({
        path: path.join(temporary.outside(), 'm'),
        code,
        artifacts: { '../up': PROMPT_TEMPLATES },
      }),
    ).rejects.toThrow("Invalid artifact name '../up'");
  });

  it('refuses params without an input example', async () => {
    const directory = path.join(temporary.outside(), 'model');
    await expect(
      saveModel({ path: directory, code: path.join(FIXTURES, 'echo-model.ts'), params: { top_k: 1 } }),
    ).rejects.toThrow('`params` are the params of the input example: give `inputExample` too.');
    expect(existsSync(directory)).toBe(false);
  });

  it('refuses a code file that does not exist', async () => {
    const directory = path.join(temporary.outside(), 'model');
    mkdirSync(directory);
    await expect(saveModel({ path: directory, code: '/no/such/model.ts' })).rejects.toThrow(
      "The model code file '/no/such/model.ts' does not exist.",
    );
  });
});
