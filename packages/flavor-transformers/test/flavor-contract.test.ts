import path from 'node:path';
import { expect } from 'vitest';
import { runFlavorContract } from '../../models/test/flavor-contract.js';
import { TRANSFORMERS_FLAVOR_NAME, type TransformersTask } from '../src/index.js';
import {
  referenceEmbeddings,
  referenceFeatures,
  referenceFillMask,
  referenceGreedy,
  type ReferenceGeneration,
} from './reference-pipelines.js';
import { createTinyModelFixtures, transformersFlavor } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
const REQUIRED_FILE = path.join('model', 'onnx', 'model.onnx');
const MESSAGES = [{ role: 'user', content: 'Hello there' }];
const MAX_TOKENS = 6;

function usage(reference: ReferenceGeneration): Record<string, number> {
  return {
    prompt_tokens: reference.promptTokens,
    completion_tokens: reference.ids.length,
    total_tokens: reference.promptTokens + reference.ids.length,
  };
}

function header(object: string): Record<string, unknown> {
  return { id: expect.any(String), object, created: expect.any(Number), model: 'tiny-gpt2' };
}

function contract(task: TransformersTask, expectations: () => Promise<Record<string, unknown>>): void {
  let computed: Promise<Record<string, unknown>> | undefined;
  runFlavorContract({
    name: TRANSFORMERS_FLAVOR_NAME,
    flavor: transformersFlavor,
    async createModelDirectory() {
      computed ??= expectations();
      const expected = await computed;
      return {
        directory: await fixtures.save(task),
        input: expected['input'],
        params: expected['params'] as Record<string, unknown> | undefined,
        expectedOutput: expected['output'],
        expectedChunks: expected['chunks'] as unknown[] | undefined,
        requiredFile: REQUIRED_FILE,
      };
    },
  });
}

contract('llm/v1/chat', async () => {
  const reference = await referenceGreedy(fixtures.gpt2, MESSAGES, MAX_TOKENS);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): Record<string, unknown> => ({
    ...header('chat.completion.chunk'),
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  return {
    input: { messages: MESSAGES, max_tokens: MAX_TOKENS },
    output: {
      ...header('chat.completion'),
      choices: [
        { index: 0, message: { role: 'assistant', content: reference.text }, finish_reason: 'length' },
      ],
      usage: usage(reference),
    },
    chunks: [
      ...reference.pieces.map((piece) => chunk({ role: 'assistant', content: piece }, null)),
      { ...chunk({}, 'length'), usage: usage(reference) },
    ],
  };
});

contract('llm/v1/completions', async () => {
  const reference = await referenceGreedy(fixtures.gpt2, 'The mill race', MAX_TOKENS);
  const chunk = (text: string, finishReason: string | null): Record<string, unknown> => ({
    ...header('text_completion'),
    choices: [{ index: 0, text, finish_reason: finishReason }],
  });
  return {
    input: { prompt: 'The mill race', max_tokens: MAX_TOKENS },
    output: {
      ...header('text_completion'),
      choices: [{ index: 0, text: reference.text, finish_reason: 'length' }],
      usage: usage(reference),
    },
    chunks: [
      ...reference.pieces.map((piece) => chunk(piece, null)),
      { ...chunk('', 'length'), usage: usage(reference) },
    ],
  };
});

contract('text-generation', async () => {
  const reference = await referenceGreedy(fixtures.gpt2, 'The mill race', MAX_TOKENS);
  return {
    input: 'The mill race',
    params: { max_new_tokens: MAX_TOKENS },
    output: [{ generated_text: `The mill race${reference.text}` }],
    chunks: reference.pieces,
  };
});

contract('llm/v1/embeddings', async () => {
  const texts = ['hello world', 'the capital of france is paris.'];
  const reference = await referenceEmbeddings(fixtures.bert, texts);
  const tokens = reference.tokens.reduce((sum, count) => sum + count, 0);
  return {
    input: { input: texts },
    output: {
      object: 'list',
      data: reference.vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
});

contract('feature-extraction', async () => ({
  input: 'hello world',
  output: await referenceFeatures(fixtures.bert, 'hello world'),
}));

contract('fill-mask', async () => ({
  input: 'the capital of france is [MASK].',
  params: { top_k: 3 },
  output: await referenceFillMask(fixtures.bert, 'the capital of france is [MASK].', 3),
}));
