import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedTexts } from '../src/embeddings-model.js';
import { poolEmbeddings } from '../src/pool-embeddings.js';
import { createTinyModelFixtures } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
/** Different lengths, so that the batch is padded. */
const TEXTS = [
  'paris',
  'the mill race carries water from the river to the wheel of the mill.',
  'hello world',
];

describe('poolEmbeddings', () => {
  let extractor: FeatureExtractionPipeline;

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${path.dirname(fixtures.bert)}${path.sep}`;
    extractor = await pipeline('feature-extraction', path.basename(fixtures.bert));
  });

  it('gives bit for bit the pipeline’s mean and first-token vectors of a padded batch', async () => {
    for (const pooling of ['mean', 'cls', 'first_token'] as const) {
      for (const normalize of [true, false]) {
        const expected = (await extractor(TEXTS, { pooling, normalize })).tolist();
        expect(await embedTexts(extractor, TEXTS, pooling, normalize)).toEqual(expected);
      }
    }
  });

  it('takes the last real token for last_token/eos, so that padding changes nothing', async () => {
    for (const pooling of ['last_token', 'eos'] as const) {
      const batched = await embedTexts(extractor, TEXTS, pooling, true);
      for (const [index, text] of TEXTS.entries()) {
        expect(batched[index]).toEqual((await extractor(text, { pooling, normalize: true })).tolist()[0]);
      }
    }
  });

  it('pools hand-made states: mean over attended tokens only, then unit length', () => {
    // Two texts of three tokens of two dimensions; the second text's last token is padding.
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, 10, 0, 0, 10, 99, 99]);
    const attentionMask = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]);
    const states = { data, dims: [2, 3, 2], attentionMask };
    expect(poolEmbeddings(states, 'mean', false)).toEqual([
      [3, 4],
      [5, 5],
    ]);
    expect(poolEmbeddings(states, 'last_token', false)).toEqual([
      [5, 6],
      [0, 10],
    ]);
    const [first, second] = poolEmbeddings(states, 'mean', true);
    expect(first?.[0]).toBeCloseTo(0.6, 6);
    expect(first?.[1]).toBeCloseTo(0.8, 6);
    expect(second?.[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
