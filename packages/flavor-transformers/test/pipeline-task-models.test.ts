import { readMLmodel } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { referenceFeatures, referenceFillMask, referenceGreedy } from './reference-pipelines.js';
import { createTinyModelFixtures, transformersFlavor } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();

interface Prediction {
  score: number;
  token: number;
  token_str: string;
  sequence: string;
}

describe('text-generation', () => {
  it('returns [{generated_text}] with the prompt, or without it, per prompt', async () => {
    const model = await fixtures.load('text-generation');
    const reference = await referenceGreedy(fixtures.gpt2, 'Hello', 5);
    expect(await model.predict('Hello', { max_new_tokens: 5 })).toEqual([
      { generated_text: `Hello${reference.text}` },
    ]);
    const both = (await model.predict(['Hello', 'Hello'], {
      max_new_tokens: 5,
      return_full_text: false,
    })) as unknown[];
    expect(both).toEqual([[{ generated_text: reference.text }], [{ generated_text: reference.text }]]);
  });

  it('continues a conversation given as chat messages', async () => {
    const model = await fixtures.load('text-generation');
    const messages = [{ role: 'user', content: 'Hi' }];
    const reference = await referenceGreedy(fixtures.gpt2, messages, 4);
    expect(await model.predict(messages, { max_new_tokens: 4 })).toEqual([
      { generated_text: [...messages, { role: 'assistant', content: reference.text }] },
    ]);
  });

  it('streams plain text pieces that join to the generated text', async () => {
    const model = await fixtures.load('text-generation');
    const pieces: unknown[] = [];
    for await (const piece of model.predictStream?.('Hello', { max_new_tokens: 8 }) ?? []) {
      pieces.push(piece);
    }
    expect(pieces.every((piece) => typeof piece === 'string')).toBe(true);
    expect(await model.predict('Hello', { max_new_tokens: 8, return_full_text: false })).toEqual([
      { generated_text: pieces.join('') },
    ]);
  });

  it('passes params through the params schema and refuses unknown types', async () => {
    const model = await fixtures.load('text-generation');
    const [answer] = (await model.predict('Hello', {
      max_new_tokens: 30,
      stop: ['a'],
      return_full_text: false,
    })) as Array<{
      generated_text: string;
    }>;
    expect(answer?.generated_text).not.toContain('a');
    await expect(model.predict('Hello', { max_new_tokens: 'many' })).rejects.toMatchObject({
      errorCode: 'INVALID_PARAMETER_VALUE',
    });
    await expect(model.predict({ text: 'Hello' })).rejects.toThrow(
      /must be a string, a list of chat messages/,
    );
  });
});

describe('feature-extraction', () => {
  it('returns the token features as nested lists, pooled when asked', async () => {
    const model = await fixtures.load('feature-extraction');
    expect(await model.predict('hello world')).toEqual(await referenceFeatures(fixtures.bert, 'hello world'));
    const pooled = (await model.predict(['hello world', 'paris'], {
      pooling: 'mean',
      normalize: true,
    })) as number[][];
    expect(pooled).toHaveLength(2);
    expect(Math.hypot(...(pooled[0] ?? []))).toBeCloseTo(1, 5);
    await expect(model.predict('x', { pooling: 'max' })).rejects.toThrow(/'pooling' must be one of/);
  });
});

describe('fill-mask', () => {
  it('answers the best token_str per text, as MLflow, and the top_k candidates when asked', async () => {
    const model = await fixtures.load('fill-mask');
    const text = 'the capital of france is [MASK].';
    const reference = (await referenceFillMask(fixtures.bert, text, 2)) as Prediction[];
    expect(await model.predict(text)).toEqual([reference[0]?.token_str]);
    const second = (await referenceFillMask(fixtures.bert, 'hello [MASK]', 1)) as Prediction[];
    expect(await model.predict([text, 'hello [MASK]'])).toEqual([
      reference[0]?.token_str,
      second[0]?.token_str,
    ]);
    expect(await model.predict(text, { top_k: 1 })).toEqual([reference[0]?.token_str]);
    expect(await model.predict(text, { top_k: 2 })).toEqual(reference);
    const many = (await model.predict([text, 'hello [MASK]'], { top_k: 3 })) as Prediction[][];
    expect(many.map((predictions) => predictions.length)).toEqual([3, 3]);
    expect(many[1]?.every((prediction) => prediction.sequence.startsWith('hello'))).toBe(true);
  });

  it('answers a batch of requests in one call, each as predict would', async () => {
    const directory = await fixtures.save('fill-mask');
    const model = await transformersFlavor.load(directory, await readMLmodel(directory), { modelConfig: {} });
    const inputs = ['hello [MASK]', ['the [MASK] turns', 'paris is a [MASK].']];
    for (const params of [{ top_k: 2 }, {}]) {
      const batched = await model.predictBatch?.(inputs, params, {});
      const single = await Promise.all(inputs.map((input) => model.predict(input, params, {})));
      expect(batched).toEqual(single);
    }
  });
});
