import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedTexts, embedTextsByLength } from '../src/embeddings-model.js';
import { fetchOnlyOutput } from '../src/index.js';
import { createTinyModelFixtures } from './tiny-model-fixtures.js';

const fixtures = createTinyModelFixtures();
const SHORT = ['paris', 'hello world', 'the wheel turns'];
const LONG = Array.from(
  { length: 3 },
  (_, index) =>
    `${'the mill race carries water from the river to the wheel of the mill, '.repeat(4 + index)}and stops.`,
);

interface RunnableSession {
  outputNames: string[];
  run(feeds: unknown, fetches?: unknown): Promise<Record<string, unknown>>;
}

async function loadExtractor(): Promise<FeatureExtractionPipeline> {
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(fixtures.bert)}${path.sep}`;
  return await pipeline('feature-extraction', path.basename(fixtures.bert));
}

function sessionOf(extractor: FeatureExtractionPipeline): RunnableSession {
  return extractor.model.sessions['model'] as RunnableSession;
}

/** Counts the session's runs from now on. */
function countRuns(extractor: FeatureExtractionPipeline): { readonly runs: number } {
  const session = sessionOf(extractor);
  const run = session.run.bind(session);
  const counter = { runs: 0 };
  session.run = (feeds, fetches) => {
    counter.runs += 1;
    return run(feeds, fetches);
  };
  return counter;
}

function feedsOf(extractor: FeatureExtractionPipeline, texts: string[]): Record<string, unknown> {
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true }) as Record<
    string,
    { ort_tensor: unknown }
  >;
  return Object.fromEntries(Object.entries(inputs).map(([name, tensor]) => [name, tensor.ort_tensor]));
}

describe('fetchOnlyOutput', () => {
  let restricted: FeatureExtractionPipeline;
  let unrestricted: FeatureExtractionPipeline;

  beforeAll(async () => {
    restricted = await loadExtractor();
    unrestricted = await loadExtractor();
    expect(fetchOnlyOutput(restricted, 'last_hidden_state')).toBe(true);
  });

  it('makes the session answer only the named output when no outputs are named', async () => {
    expect(sessionOf(restricted).outputNames).toEqual(['last_hidden_state', 'logits']);
    const feeds = feedsOf(restricted, SHORT);
    expect(Object.keys(await sessionOf(unrestricted).run(feeds))).toEqual(['last_hidden_state', 'logits']);
    expect(Object.keys(await sessionOf(restricted).run(feeds))).toEqual(['last_hidden_state']);
    // Outputs named by the caller are still honoured.
    expect(Object.keys(await sessionOf(restricted).run(feeds, ['logits']))).toEqual(['logits']);
  });

  it('changes no feature-extraction result', async () => {
    const texts = [...SHORT, ...LONG];
    expect((await restricted(texts)).tolist()).toEqual((await unrestricted(texts)).tolist());
    expect((await restricted(texts, { pooling: 'mean', normalize: true })).tolist()).toEqual(
      (await unrestricted(texts, { pooling: 'mean', normalize: true })).tolist(),
    );
  });

  it('leaves a session alone that has no such output', () => {
    expect(fetchOnlyOutput(unrestricted, 'sentence_embedding')).toBe(false);
  });
});

describe('embedTextsByLength', () => {
  it('embeds short and long texts in separate runs, each vector as the text embedded alone', async () => {
    const extractor = await loadExtractor();
    const texts = [LONG[0], SHORT[0], LONG[1], SHORT[1], SHORT[2], LONG[2]] as string[];
    const tokenCounts = texts.map((text) => extractor.tokenizer.encode(text).length);
    expect(
      Math.min(...tokenCounts.filter((_, index) => LONG.includes(texts[index] as string))),
    ).toBeGreaterThan(50);
    const alone: number[][] = [];
    for (const text of texts) alone.push(...(await embedTexts(extractor, [text], 'mean', true)));

    const counter = countRuns(extractor);
    const vectors = await embedTextsByLength(extractor, texts, tokenCounts, 'mean', true);
    expect(counter.runs).toBe(2);
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((vector, index) =>
      vector.forEach((value, dimension) => expect(value).toBeCloseTo(alone[index]?.[dimension] ?? NaN, 6)),
    );
  });

  it('embeds texts of about one length in one run', async () => {
    const extractor = await loadExtractor();
    const counter = countRuns(extractor);
    const tokenCounts = SHORT.map((text) => extractor.tokenizer.encode(text).length);
    expect(await embedTextsByLength(extractor, SHORT, tokenCounts, 'cls', false)).toHaveLength(3);
    expect(counter.runs).toBe(1);
    expect(await embedTextsByLength(extractor, [], [], 'mean', true)).toEqual([]);
    expect(counter.runs).toBe(1);
  });
});
