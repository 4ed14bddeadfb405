import type { LoadedModel } from '@millrace/models';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransformersFlavorModel } from '../src/index.js';
import { referenceEmbeddings } from './reference-pipelines.js';
import { createTinyModelFixtures, transformersFlavor } from './tiny-model-fixtures.js';
import { readMLmodel } from '@millrace/core';

const fixtures = createTinyModelFixtures();
const SENTENCES = ['hello world', 'the mill race carries water to the wheel.', 'paris'];

interface EmbeddingsList {
  object: string;
  data: Array<{ object: string; index: number; embedding: number[] }>;
  usage: { prompt_tokens: number; total_tokens: number };
}

function norm(vector: number[]): number {
  return Math.hypot(...vector);
}

describe('llm/v1/embeddings', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    model = await fixtures.load('llm/v1/embeddings');
  });

  it('embeds a string: one unit vector of the hidden size, tokens counted with specials', async () => {
    const answer = (await model.predict({ input: 'hello paris' })) as EmbeddingsList;
    expect(answer.object).toBe('list');
    expect(answer.data).toHaveLength(1);
    expect(answer.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect(answer.data[0]?.embedding).toHaveLength(64);
    expect(norm(answer.data[0]?.embedding ?? [])).toBeCloseTo(1, 5);
    // [CLS] hello paris [SEP]: both are whole words of the tiny vocabulary.
    expect(answer.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('embeds a list in order, equal to the pipeline’s own mean-pooled vectors', async () => {
    const reference = await referenceEmbeddings(fixtures.bert, SENTENCES);
    const answer = (await model.predict({ input: SENTENCES })) as EmbeddingsList;
    expect(answer.data.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(answer.data.map((item) => item.embedding)).toEqual(reference.vectors);
    const tokens = reference.tokens.reduce((sum, count) => sum + count, 0);
    expect(answer.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('gives a sentence the same embedding alone and padded in a batch', async () => {
    const alone = ((await model.predict({ input: 'paris' })) as EmbeddingsList).data[0]?.embedding ?? [];
    const batched = ((await model.predict({ input: SENTENCES })) as EmbeddingsList).data[2]?.embedding ?? [];
    alone.forEach((value, index) => expect(batched[index]).toBeCloseTo(value, 6));
  });

  it('answers a batch of requests in one call, each as predict would', async () => {
    const flavorModel: TransformersFlavorModel = await transformersFlavor.load(
      model.path,
      await readMLmodel(model.path),
      { modelConfig: {} },
    );
    const requests = [[{ input: 'hello world' }], [{ input: 'paris' }, { input: 'the wheel turns' }]];
    const batched = (await flavorModel.predictBatch?.(requests, {}, {})) as EmbeddingsList[];
    expect(batched).toHaveLength(2);
    for (const [index, request] of requests.entries()) {
      const single = (await flavorModel.predict(request, {}, {})) as EmbeddingsList;
      expect(batched[index]?.usage).toEqual(single.usage);
      batched[index]?.data.forEach((item, position) => {
        expect(item.index).toBe(position);
        item.embedding.forEach((value, dimension) =>
          expect(value).toBeCloseTo(single.data[position]?.embedding[dimension] ?? NaN, 6),
        );
      });
    }
  });

  it('pools the first token and skips normalizing when the model config says so', async () => {
    const configured = await fixtures.load('llm/v1/embeddings', {
      modelConfig: { pooling: 'cls', normalize: false },
    });
    const answer = (await configured.predict({ input: SENTENCES })) as EmbeddingsList;
    const norms = answer.data.map((item) => norm(item.embedding));
    expect(norms.some((value) => Math.abs(value - 1) > 1e-3)).toBe(true);
    await expect(fixtures.load('llm/v1/embeddings', { modelConfig: { pooling: 'none' } })).rejects.toThrow(
      /pooling other than 'none'/,
    );
  });
});
