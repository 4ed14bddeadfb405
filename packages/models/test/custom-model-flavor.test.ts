import path from 'node:path';
import { CUSTOM_MODEL_FLAVOR_NAME } from '../src/custom-model-flavor.js';
import { saveModel } from '../src/save-model.js';
import { silentModelLogger } from '../src/model-logger.js';
import { runFlavorContract } from './flavor-contract.js';
import { expectedCandidate, FIXTURES, savePromptTemplateModel } from './prompt-template.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const temporary = useTemporaryDirectories();

runFlavorContract({
  name: CUSTOM_MODEL_FLAVOR_NAME,
  label: 'streaming class with signature and artifacts',
  async createModelDirectory() {
    const directory = path.join(temporary.outside(), 'streaming-model');
    await savePromptTemplateModel(directory);
    return {
      directory,
      input: [{ prompt: 'Name two rivers' }],
      params: { temperature: 0.7 },
      expectedOutput: { candidates: [expectedCandidate('Name two rivers', 0.7, 1000)] },
      expectedChunks: ['Name@0.7', 'two@0.7', 'rivers@0.7'],
      requiredFile: 'model.mjs',
    };
  },
});

runFlavorContract({
  name: CUSTOM_MODEL_FLAVOR_NAME,
  label: 'class without signature or stream',
  async createModelDirectory() {
    const directory = path.join(temporary.outside(), 'plain-model');
    await saveModel({
      path: directory,
      code: path.join(FIXTURES, 'row-count-model.ts'),
      logger: silentModelLogger,
    });
    return {
      directory,
      input: [{ prompt: 'a' }, { prompt: 'b' }],
      expectedOutput: { count: 2, prompts: ['a', 'b'] },
      requiredFile: 'model.mjs',
    };
  },
});
