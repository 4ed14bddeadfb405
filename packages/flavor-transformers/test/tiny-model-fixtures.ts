import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel, silentModelLogger, type LoadedModel } from '@millrace/models';
import { writeTinyBert, writeTinyGpt2 } from '@millrace/tiny-models';
import { afterAll } from 'vitest';
import {
  createTransformersFlavor,
  saveTransformersModel,
  type SaveTransformersModelOptions,
  type TransformersTask,
} from '../src/index.js';

/**
 * The tiny models of a test file, generated once into a temporary root (removed after the
 * file): `tiny-gpt2` (never ends by itself), `eager-gpt2` (ends at once), `tiny-bert`.
 */
export interface TinyModelFixtures {
  root: string;
  gpt2: string;
  eagerGpt2: string;
  bert: string;
  /** Saves a Millrace model directory of a task into a fresh folder. */
  save(task: TransformersTask, options?: Partial<SaveTransformersModelOptions>): Promise<string>;
  /** Saves and loads (through loadModel, with the transformers_js flavor). */
  load(task: TransformersTask, options?: Partial<SaveTransformersModelOptions>): Promise<LoadedModel>;
}

export const transformersFlavor = createTransformersFlavor();

export function createTinyModelFixtures(): TinyModelFixtures {
  const root = mkdtempSync(path.join(os.tmpdir(), 'millrace-flavor-transformers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const gpt2 = writeTinyGpt2(path.join(root, 'tiny-gpt2')).directory;
  const eagerGpt2 = writeTinyGpt2(path.join(root, 'eager-gpt2'), { endTokenBias: 50 }).directory;
  const bert = writeTinyBert(path.join(root, 'tiny-bert')).directory;
  let count = 0;
  const save = async (
    task: TransformersTask,
    options: Partial<SaveTransformersModelOptions> = {},
  ): Promise<string> => {
    count += 1;
    const saved = await saveTransformersModel({
      path: path.join(root, 'saved', `${count}-${task.replaceAll('/', '-')}`),
      modelDirectory:
        task === 'feature-extraction' || task === 'fill-mask' || task === 'llm/v1/embeddings' ? bert : gpt2,
      task,
      ...options,
    });
    return saved.path;
  };
  return {
    root,
    gpt2,
    eagerGpt2,
    bert,
    save,
    async load(task, options) {
      return await loadModel(await save(task, options), {
        flavors: [transformersFlavor],
        logger: silentModelLogger,
      });
    },
  };
}
