import type { LoadedModel } from '@millrace/models';
import { MillraceError } from '@millrace/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceGreedy } from './reference-pipelines.js';
import { createTinyModelFixtures } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
const MESSAGES = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'What turns the mill wheel?' },
];

interface ChatCompletion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; message: { role: string; content: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

interface ChatChunk {
  id: string;
  object: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string }; finish_reason: string | null }>;
  usage?: ChatCompletion['usage'];
}

async function collect(stream: AsyncIterable<unknown> | undefined): Promise<ChatChunk[]> {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream ?? []) {
    chunks.push(chunk as ChatChunk);
  }
  return chunks;
}

function joined(chunks: ChatChunk[], index = 0): string {
  return chunks
    .flatMap((chunk) => chunk.choices)
    .filter((choice) => choice.index === index)
    .map((choice) => choice.delta.content ?? '')
    .join('');
}

describe('llm/v1/chat', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await fixtures.load('llm/v1/chat');
  });

  it('answers one request with one chat.completion object (not a list) counting tokens', async () => {
    const reference = await referenceGreedy(fixtures.gpt2, MESSAGES, 10);
    const answer = (await model.predict({ messages: MESSAGES, max_tokens: 10 })) as ChatCompletion;
    expect(Array.isArray(answer)).toBe(false);
    expect(answer).toMatchObject({ object: 'chat.completion', model: 'tiny-gpt2' });
    expect(answer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(answer.created - Date.now() / 1000)).toBeLessThan(60);
    expect(answer.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: reference.text }, finish_reason: 'length' },
    ]);
    expect(answer.usage).toEqual({
      prompt_tokens: reference.promptTokens,
      completion_tokens: 10,
      total_tokens: reference.promptTokens + 10,
    });
  });

  it('decodes greedily by default and with temperature 0, the same every time', async () => {
    const request = { messages: MESSAGES, max_tokens: 12 };
    const first = (await model.predict(request)) as ChatCompletion;
    const second = (await model.predict(request)) as ChatCompletion;
    const cold = (await model.predict({ ...request, temperature: 0 })) as ChatCompletion;
    expect(second.choices).toEqual(first.choices);
    expect(cold.choices).toEqual(first.choices);
    expect(second.id).not.toBe(first.id);
  });

  it('samples with a temperature, reproducibly with custom_inputs.seed', async () => {
    const request = { messages: MESSAGES, max_tokens: 16, temperature: 1.5 };
    const contents = async (seed: number): Promise<string> =>
      ((await model.predict({ ...request, custom_inputs: { seed } })) as ChatCompletion).choices[0]?.message
        .content ?? '';
    const seeded = await contents(11);
    expect(await contents(11)).toBe(seeded);
    const others = await Promise.all([contents(12), contents(13), contents(14)]);
    expect(others.some((content) => content !== seeded)).toBe(true);
    const greedy = ((await model.predict({ messages: MESSAGES, max_tokens: 16 })) as ChatCompletion)
      .choices[0];
    expect([seeded, ...others].some((content) => content !== greedy?.message.content)).toBe(true);
  });

  it('narrows sampling to the best token with top_k 1 (greedy again)', async () => {
    const greedy = (await model.predict({ messages: MESSAGES, max_tokens: 10 })) as ChatCompletion;
    const topOne = (await model.predict({
      messages: MESSAGES,
      max_tokens: 10,
      temperature: 1.5,
      top_k: 1,
    })) as ChatCompletion;
    const tinyP = (await model.predict({
      messages: MESSAGES,
      max_tokens: 10,
      temperature: 1.5,
      top_p: 1e-6,
    })) as ChatCompletion;
    expect(topOne.choices[0]?.message.content).toBe(greedy.choices[0]?.message.content);
    expect(tinyP.choices[0]?.message.content).toBe(greedy.choices[0]?.message.content);
  });

  it('cuts the output at a stop string, with finish_reason stop and the tokens it used', async () => {
    const full =
      ((await model.predict({ messages: MESSAGES, max_tokens: 20 })) as ChatCompletion).choices[0]?.message
        .content ?? '';
    const stop = full.slice(5, 7);
    const expected = full.slice(0, full.indexOf(stop));
    const answer = (await model.predict({
      messages: MESSAGES,
      max_tokens: 20,
      stop: [stop, 'never-there'],
    })) as ChatCompletion;
    expect(answer.choices[0]?.message.content).toBe(expected);
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    expect(answer.usage.completion_tokens).toBeLessThan(20);
    expect(answer.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('says length at max_tokens and stop when the model ends by itself', async () => {
    const long = (await model.predict({ messages: MESSAGES, max_tokens: 3 })) as ChatCompletion;
    expect(long.choices[0]?.finish_reason).toBe('length');
    expect(long.usage.completion_tokens).toBe(3);
    const eager = await fixtures.load('llm/v1/chat', { modelDirectory: fixtures.eagerGpt2 });
    const ended = (await eager.predict({ messages: MESSAGES, max_tokens: 3 })) as ChatCompletion;
    expect(ended.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: '' } });
    expect(ended.usage.completion_tokens).toBe(1);
  });

  it('answers several rows with a list, and n choices per request', async () => {
    const rows = [
      { messages: MESSAGES, max_tokens: 4 },
      { messages: [{ role: 'user', content: 'Hi' }], max_tokens: 6 },
    ];
    const answers = (await model.predict(rows)) as ChatCompletion[];
    expect(answers).toHaveLength(2);
    expect(answers.map((answer) => answer.usage.completion_tokens)).toEqual([4, 6]);
    const many = (await model.predict({
      messages: MESSAGES,
      max_tokens: 5,
      n: 3,
      temperature: 1.2,
      custom_inputs: { seed: 5 },
    })) as ChatCompletion;
    expect(many.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(many.usage.completion_tokens).toBe(15);
  });

  it('streams chunks that join to the non-streamed text, the last with finish_reason and usage', async () => {
    const request = { messages: MESSAGES, max_tokens: 15 };
    const answer = (await model.predict(request)) as ChatCompletion;
    const chunks = await collect(model.predictStream?.(request));
    expect(chunks.length).toBeGreaterThan(2);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(joined(chunks)).toBe(answer.choices[0]?.message.content);
    expect(
      chunks
        .slice(0, -1)
        .every((chunk) => chunk.choices[0]?.finish_reason === null && chunk.usage === undefined),
    ).toBe(true);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'length' }]);
    expect(last?.usage).toEqual(answer.usage);
  });

  it('streams up to a stop string, never showing part of it', async () => {
    const full =
      ((await model.predict({ messages: MESSAGES, max_tokens: 20 })) as ChatCompletion).choices[0]?.message
        .content ?? '';
    const stop = full.slice(8, 11);
    const chunks = await collect(model.predictStream?.({ messages: MESSAGES, max_tokens: 20, stop: [stop] }));
    expect(joined(chunks)).toBe(full.slice(0, full.indexOf(stop)));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('stops generating when the reader stops reading', async () => {
    const stream = model.predictStream?.({ messages: MESSAGES, max_tokens: 200 });
    let count = 0;
    for await (const _chunk of stream ?? []) {
      count += 1;
      if (count === 2) {
        break;
      }
    }
    // The next request runs at once: the abandoned generation let go of the generation lock.
    const started = performance.now();
    await model.predict({ messages: MESSAGES, max_tokens: 2 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops early when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const answer = (await model.predict({ messages: MESSAGES, max_tokens: 50 }, undefined, {
      signal: controller.signal,
    })) as ChatCompletion;
    expect(answer.usage.completion_tokens).toBe(1);
  });

  it('refuses bad requests with INVALID_PARAMETER_VALUE before generating', async () => {
    for (const request of [
      { messages: MESSAGES, max_tokens: 0 },
      { messages: MESSAGES, top_p: 1.5 },
      { messages: MESSAGES, temperature: -1 },
      { messages: MESSAGES, n: 0 },
      { messages: [] },
    ]) {
      const failure = model.predict(request);
      await expect(failure).rejects.toBeInstanceOf(MillraceError);
      await expect(failure).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
    }
    expect(() => model.predictStream?.([{ messages: MESSAGES }, { messages: MESSAGES }])).toThrow(
      /one request at a time/,
    );
  });

  it('refuses a prompt longer than the model’s positions', async () => {
    const small = await fixtures.load('llm/v1/chat', {
      modelDirectory: fixtures.gpt2,
      modelConfig: { max_new_tokens: 4 },
    });
    const long = 'word '.repeat(600);
    await expect(small.predict({ messages: [{ role: 'user', content: long }] })).rejects.toThrow(
      /at most 512 tokens/,
    );
  });

  it('uses the model config’s max_new_tokens when the request gives none', async () => {
    const configured = await fixtures.load('llm/v1/chat', { modelConfig: { max_new_tokens: 7 } });
    const answer = (await configured.predict({ messages: MESSAGES })) as ChatCompletion;
    expect(answer.usage.completion_tokens).toBe(7);
    const overridden = (await configured.predict({ messages: MESSAGES, max_tokens: 2 })) as ChatCompletion;
    expect(overridden.usage.completion_tokens).toBe(2);
  });
});
