import type { LoadedModel } from '@millrace/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceGreedy } from './reference-pipelines.js';
import { createTinyModelFixtures } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
const PROMPT = 'The capital of France is';

interface TextCompletion {
  object: string;
  choices: Array<{ index: number; text: string; finish_reason: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe('llm/v1/completions', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await fixtures.load('llm/v1/completions');
  });

  it('answers a text_completion with the greedy continuation and its token counts', async () => {
    const reference = await referenceGreedy(fixtures.gpt2, PROMPT, 9);
    const answer = (await model.predict({ prompt: PROMPT, max_tokens: 9 })) as TextCompletion;
    expect(answer.object).toBe('text_completion');
    expect(answer.choices).toEqual([{ index: 0, text: reference.text, finish_reason: 'length' }]);
    expect(answer.usage).toEqual({
      prompt_tokens: reference.promptTokens,
      completion_tokens: 9,
      total_tokens: reference.promptTokens + 9,
    });
  });

  it('accepts the request in a dataframe_records-like list of rows', async () => {
    const answers = (await model.predict([
      { prompt: PROMPT, max_tokens: 2 },
      { prompt: 'Hello', max_tokens: 3 },
    ])) as TextCompletion[];
    expect(answers.map((answer) => answer.usage?.completion_tokens)).toEqual([2, 3]);
  });

  it('streams text_completion chunks that join to the answer', async () => {
    const request = { prompt: PROMPT, max_tokens: 12, stop: ['zzz'] };
    const answer = (await model.predict(request)) as TextCompletion;
    const chunks: TextCompletion[] = [];
    for await (const chunk of model.predictStream?.(request) ?? []) {
      chunks.push(chunk as TextCompletion);
    }
    expect(chunks.every((chunk) => chunk.object === 'text_completion')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.text).join('')).toBe(answer.choices[0]?.text);
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ index: 0, text: '', finish_reason: 'length' }],
      usage: answer.usage,
    });
  });

  it('cuts at the earliest of several stop strings', async () => {
    const full =
      ((await model.predict({ prompt: PROMPT, max_tokens: 20 })) as TextCompletion).choices[0]?.text ?? '';
    const early = full.slice(3, 4);
    const late = full.slice(10, 12);
    const answer = (await model.predict({
      prompt: PROMPT,
      max_tokens: 20,
      stop: [late, early],
    })) as TextCompletion;
    expect(answer.choices[0]).toMatchObject({
      text: full.slice(0, full.indexOf(early)),
      finish_reason: 'stop',
    });
  });
});
