import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MillraceError, Table, writeMLmodel, type MLmodel } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import type { Flavor, FlavorLoadOptions } from '../src/flavor.js';
import { createFlavorRegistry } from '../src/flavor-registry.js';
import { loadModel } from '../src/load-model.js';
import { silentModelLogger, type ModelLogger } from '../src/model-logger.js';
import { saveModel } from '../src/save-model.js';
import { expectedCandidate, FIXTURES, savePromptTemplateModel } from './prompt-template.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const temporary = useTemporaryDirectories();
const VECTORS = fileURLToPath(new URL('../../scoring-server/test/vectors', import.meta.url));

function collectingLogger(): ModelLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

/** A hand-made custom model directory: MLmodel plus the given model.mjs source. */
async function writeCustomModel(
  code: string,
  nodeFunction: Record<string, unknown> = {},
  extra: Partial<MLmodel> = {},
) {
  const directory = temporary.outside();
  writeFileSync(path.join(directory, 'model.mjs'), code);
  await writeMLmodel(directory, {
    flavors: { node_function: { loader: 'custom_model', code: 'model.mjs', ...nodeFunction } },
    ...extra,
  });
  return directory;
}

async function savePromptTemplate(): Promise<string> {
  const directory = path.join(temporary.outside(), 'prompt-template');
  await savePromptTemplateModel(directory, { modelConfig: { greeting: 'Hi. ' } });
  return directory;
}

async function collect(chunks: AsyncIterable<unknown>): Promise<unknown[]> {
  const collected: unknown[] = [];
  for await (const chunk of chunks) {
    collected.push(chunk);
  }
  return collected;
}

describe('loadModel: the seeds’ prompt template model', () => {
  it('predicts with the params defaults of the signature, and with an override', async () => {
    const model = await loadModel(await savePromptTemplate(), { logger: silentModelLogger });
    expect(model.flavor).toBe('custom_model');
    expect(model.signature?.params?.map((spec) => [spec.name, spec.default])).toEqual([
      ['temperature', 0.1],
      ['max_tokens', 1000],
    ]);
    const prompt = 'What is machine learning?';
    expect(await model.predict([{ prompt }])).toEqual({
      candidates: [expectedCandidate(prompt, 0.1, 1000, 'Hi. ')],
    });
    expect(await model.predict([{ prompt }], { temperature: 0.6 })).toEqual({
      candidates: [expectedCandidate(prompt, 0.6, 1000, 'Hi. ')],
    });
  });

  it('gives the model rows for a Table, a row object and a list of rows', async () => {
    const model = await loadModel(await savePromptTemplate(), { logger: silentModelLogger });
    const one = { candidates: [expectedCandidate('x', 0.1, 1000, 'Hi. ')] };
    expect(await model.predict(new Table(['prompt'], [{ prompt: 'x' }]))).toEqual(one);
    expect(await model.predict({ prompt: 'x' })).toEqual(one);
    expect(await model.predict({ prompt: ['x', 'y'] })).toEqual({
      candidates: [expectedCandidate('x', 0.1, 1000, 'Hi. '), expectedCandidate('y', 0.1, 1000, 'Hi. ')],
    });
  });

  it('overrides the saved model config at load time', async () => {
    const model = await loadModel(await savePromptTemplate(), {
      logger: silentModelLogger,
      modelConfig: { greeting: 'Hey! ' },
    });
    expect(await model.predict([{ prompt: 'q' }])).toEqual({
      candidates: [expectedCandidate('q', 0.1, 1000, 'Hey! ')],
    });
  });

  it('streams with enforced params', async () => {
    const model = await loadModel(await savePromptTemplate(), { logger: silentModelLogger });
    expect(model.predictStream).toBeDefined();
    expect(await collect(model.predictStream!([{ prompt: 'rivers and lakes' }]))).toEqual([
      'rivers@0.1',
      'and@0.1',
      'lakes@0.1',
    ]);
    expect(await collect(model.predictStream!({ prompt: 'one' }, { temperature: 0.9 }))).toEqual(['one@0.9']);
  });

  it('stops streaming when the signal is aborted', async () => {
    const model = await loadModel(await savePromptTemplate(), { logger: silentModelLogger });
    const controller = new AbortController();
    const received: unknown[] = [];
    for await (const chunk of model.predictStream!(
      [{ prompt: 'a b c d e' }],
      {},
      { signal: controller.signal },
    )) {
      received.push(chunk);
      controller.abort();
    }
    expect(received).toEqual(['a@0.1']);
  });

  it('refuses bad input and bad params before the model runs, in predict and in predictStream', async () => {
    const model = await loadModel(await savePromptTemplate(), { logger: silentModelLogger });
    await expect(model.predict([{ question: 'x' }])).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining("Model is missing inputs ['prompt']") as unknown,
    });
    await expect(model.predict([{ prompt: 'x' }], { max_tokens: 'many' })).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(/^Invalid parameters found: .*max_tokens/) as unknown,
    });
    // predictStream enforces before returning the iterable: the error comes before any chunk.
    expect(() => model.predictStream!([{ prompt: 'x' }], { temperature: 'hot' })).toThrow(MillraceError);
  });

  it('sends enforcement warnings to the logger', async () => {
    const logger = collectingLogger();
    const model = await loadModel(await savePromptTemplate(), { logger });
    await model.predict([{ prompt: 'x', extra: 1 }], { temperature: 0.2, seed: 7 });
    expect(logger.messages).toEqual([
      "Found extra inputs in the model input that are not defined in the model signature: ['extra']. These inputs will be ignored.",
      expect.stringContaining("Unrecognized params ['seed'] are ignored for inference."),
    ]);
  });
});

describe('loadModel: models without a signature', () => {
  async function loadEcho(logger: ModelLogger = silentModelLogger) {
    const directory = path.join(temporary.outside(), 'echo');
    await saveModel({
      path: directory,
      code: path.join(FIXTURES, 'echo-model.ts'),
      modelConfig: { mode: 'echo' },
    });
    return await loadModel(directory, { logger });
  }

  it('passes a Table as its rows and any other value as is', async () => {
    const model = await loadEcho();
    const rows = [{ a: 1 }, { a: 2 }];
    expect(await model.predict(new Table(['a'], rows))).toMatchObject({ input: rows });
    expect(await model.predict({ messages: [{ role: 'user', content: 'hi' }] })).toMatchObject({
      input: { messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(await model.predict('text')).toMatchObject({ input: 'text', modelConfig: { mode: 'echo' } });
  });

  it('ignores params with a warning and passes {}', async () => {
    const logger = collectingLogger();
    const model = await loadEcho(logger);
    expect(await model.predict([1], { temperature: 0.5 })).toMatchObject({ params: {} });
    expect(logger.messages).toEqual([expect.stringContaining("Ignoring provided params: ['temperature']")]);
  });

  it('passes the caller’s AbortSignal as context.signal', async () => {
    const model = await loadEcho();
    const controller = new AbortController();
    const answer = (await model.predict('x', undefined, { signal: controller.signal })) as {
      signal: unknown;
    };
    expect(answer.signal).toBe(controller.signal);
    expect(((await model.predict('x')) as { signal: unknown }).signal).toBeUndefined();
  });

  it('has no predictStream for a model that does not stream', async () => {
    expect((await loadEcho()).predictStream).toBeUndefined();
  });
});

describe('loadModel: where the model is', () => {
  it('accepts a relative path and a file: URI', async () => {
    const directory = await savePromptTemplate();
    const relative = path.relative(process.cwd(), directory);
    expect((await loadModel(relative, { logger: silentModelLogger })).path).toBe(directory);
    expect((await loadModel(pathToFileURL(directory).href, { logger: silentModelLogger })).path).toBe(
      directory,
    );
  });

  it('refuses a directory without MLmodel with MLflow’s message', async () => {
    const directory = temporary.outside();
    await expect(loadModel(directory)).rejects.toMatchObject({
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: `Could not find an "MLmodel" configuration file at "${directory}"`,
    });
    await expect(loadModel(path.join(directory, 'missing'))).rejects.toThrow('Could not find an "MLmodel"');
  });

  it.each([
    'runs:/0123456789abcdef0123456789abcdef/model',
    'models:/chat-bot/3',
    'models:/chat-bot@champion',
  ])('needs a tracking server for %s', async (uri) => {
    await expect(loadModel(uri)).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(
        new RegExp(`^Resolving '${uri}' needs a tracking server: set MLFLOW_TRACKING_URI`),
      ) as unknown,
    });
  });

  it('resolves runs:/ and models:/ URIs through the injected resolver', async () => {
    const directory = await savePromptTemplate();
    const asked: string[] = [];
    const resolveModelUri = async (uri: string): Promise<string> => {
      asked.push(uri);
      return directory;
    };
    const model = await loadModel('models:/prompt-template@champion', {
      resolveModelUri,
      logger: silentModelLogger,
    });
    expect(model.path).toBe(directory);
    await loadModel('runs:/0123456789abcdef0123456789abcdef/model', {
      resolveModelUri,
      logger: silentModelLogger,
    });
    expect(asked).toEqual([
      'models:/prompt-template@champion',
      'runs:/0123456789abcdef0123456789abcdef/model',
    ]);
  });

  it('refuses a malformed models:/ URI with MLflow’s message, and remote artifact URIs', async () => {
    await expect(loadModel('models:/name@', { resolveModelUri: async () => '/x' })).rejects.toThrow(
      /^Not a proper models:\/ URI: models:\/name@\./,
    );
    await expect(loadModel('s3://bucket/model')).rejects.toThrow(
      /^Cannot load a model from 's3:\/\/bucket\/model': only local paths, file: URIs, runs:\/ and models:\/ URIs/,
    );
  });
});

describe('loadModel: refusals', () => {
  it('refuses an external model with MLflow’s message', async () => {
    const directory = await writeCustomModel(
      'export default { predict: () => 1 };',
      {},
      {
        metadata: { 'mlflow.model.isExternal': true },
      },
    );
    await expect(loadModel(directory)).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message:
        "This model's artifacts are external and are not stored in the model directory. This model cannot be loaded with MLflow.",
    });
  });

  it('says a Python MLflow model cannot run in Millrace', async () => {
    const directory = temporary.outside();
    copyFileSync(path.join(VECTORS, 'params_echo.MLmodel'), path.join(directory, 'MLmodel'));
    await expect(loadModel(directory)).rejects.toThrow(
      `The model at '${directory}' is a Python MLflow model (it has the "python_function" flavor but no "node_function" flavor); Millrace runs Node.js models only and cannot load it.`,
    );
  });

  it('refuses a model without node_function with MLflow’s message', async () => {
    const directory = temporary.outside();
    await writeMLmodel(directory, { flavors: { sklearn: { pickled_model: 'model.pkl' } } });
    await expect(loadModel(directory)).rejects.toMatchObject({
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: 'Model does not have the "node_function" flavor',
    });
  });

  it('refuses a node_function without loader, and an unknown loader listing the known flavors', async () => {
    const withoutLoader = temporary.outside();
    await writeMLmodel(withoutLoader, { flavors: { node_function: { code: 'model.mjs' } } });
    await expect(loadModel(withoutLoader)).rejects.toThrow(/has no "loader" naming the flavor that loads it/);
    const unknown = temporary.outside();
    await writeMLmodel(unknown, { flavors: { node_function: { loader: 'onnx' } } });
    await expect(loadModel(unknown)).rejects.toThrow(
      /No flavor named 'onnx' is registered.*Known flavors: 'custom_model'/,
    );
  });

  it('reports loadContext throwing with the model path and message, without a stack trace', async () => {
    const directory = await writeCustomModel(
      'export default class { loadContext() { throw new Error("weights are corrupt"); } predict() { return 1; } }',
    );
    const error: unknown = await loadModel(directory).catch((caught: unknown) => caught);
    expect(MillraceError.isInstance(error)).toBe(true);
    expect((error as MillraceError).message).toBe(
      `Failed to load the model at '${directory}': loadContext threw: weights are corrupt`,
    );
  });

  it.each([
    ['export default 42;', 'the default export of its code is a number'],
    ['export default (input) => input;', 'the default export of its code is a function that is not a class'],
    ['export default class { run() {} }', 'has no predict(context, input, params) method'],
    ['export const predict = () => 1;', 'has no default export'],
    ['export default { predict() {}, predictStream: 3 };', 'has a predictStream that is not a method'],
  ])('refuses the bad default export of %s', async (code, reason) => {
    const directory = await writeCustomModel(code);
    await expect(loadModel(directory)).rejects.toThrow(`Failed to load the model at '${directory}': `);
    await expect(loadModel(directory)).rejects.toThrow(reason);
  });

  it('refuses a streamable model without predictStream, and a missing artifact', async () => {
    const streamable = await writeCustomModel('export default { predict() { return 1; } };', {
      streamable: true,
    });
    await expect(loadModel(streamable)).rejects.toThrow(
      /declares it streamable but the model has no predictStream/,
    );
    const missingArtifact = await writeCustomModel('export default { predict() { return 1; } };', {
      artifacts: { weights: { path: 'artifacts/weights', uri: '/original/weights' } },
    });
    await expect(loadModel(missingArtifact)).rejects.toThrow(
      `The artifact 'weights' of the model at '${missingArtifact}' is missing: '${path.join(missingArtifact, 'artifacts/weights')}' does not exist.`,
    );
  });

  it('refuses paths in node_function that leave the model directory', async () => {
    const directory = await writeCustomModel('export default { predict() { return 1; } };', {
      code: '../model.mjs',
    });
    await expect(loadModel(directory)).rejects.toThrow(/must be a relative path inside the model directory/);
  });

  it('fails the stream when predictStream returns something that is not iterable', async () => {
    const directory = await writeCustomModel(
      'export default { predict() { return 1; }, predictStream() { return 42; } };',
      { streamable: true },
    );
    const model = await loadModel(directory);
    await expect(collect(model.predictStream!('x'))).rejects.toThrow(/must return an async iterable/);
  });

  it('streams a synchronous generator too', async () => {
    const directory = await writeCustomModel(
      'export default { predict() { return 1; }, *predictStream(_c, input) { yield input; yield "done"; } };',
      { streamable: true },
    );
    const model = await loadModel(directory);
    expect(await collect(model.predictStream!('x'))).toEqual(['x', 'done']);
  });
});

describe('loadModel: other flavors', () => {
  it('loads with a given flavor after the same enforcement, passing the merged model config', async () => {
    const seen: { input: unknown; params: unknown; options?: FlavorLoadOptions; directory?: string }[] = [];
    const tableFlavor: Flavor = {
      name: 'table_flavor',
      async load(directory, _mlmodel, options) {
        seen.push({ input: undefined, params: undefined, options, directory });
        return {
          async predict(input, params) {
            seen.push({ input, params });
            return 'ok';
          },
        };
      },
    };
    const directory = temporary.outside();
    mkdirSync(path.join(directory, 'data'));
    await writeMLmodel(directory, {
      flavors: {
        node_function: { loader: 'table_flavor', config: { size: 'small', device: 'cpu' } },
        table_flavor: {},
      },
      signature: {
        inputs: '[{"type": "long", "name": "n", "required": true}]',
        outputs: null,
        params: '[{"name": "k", "default": 3, "shape": null, "type": "long"}]',
      },
    });
    for (const flavors of [[tableFlavor], createFlavorRegistry([tableFlavor])]) {
      seen.length = 0;
      const model = await loadModel(directory, { flavors, modelConfig: { device: 'gpu' } });
      expect(model.flavor).toBe('table_flavor');
      expect(await model.predict({ n: [1, 2] })).toBe('ok');
      expect(seen).toEqual([
        {
          input: undefined,
          params: undefined,
          options: { modelConfig: { size: 'small', device: 'gpu' } },
          directory,
        },
        { input: [{ n: 1 }, { n: 2 }], params: { k: 3 } },
      ]);
    }
  });
});
