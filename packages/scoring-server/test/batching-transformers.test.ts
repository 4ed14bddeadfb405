import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTransformersFlavor,
  saveTransformersModel,
  type TransformersTask,
} from '@millrace/flavor-transformers';
import { type LoadedModel, loadModel, silentModelLogger } from '@millrace/models';
import { writeTinyBert } from '@millrace/tiny-models';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringApp, type ScoringBatchingOptions } from '../src/index.js';
import { type HttpExchange, postJson } from './support/http-client.js';
import { createRecordingLogger } from './support/served-model.js';

interface EmbeddingsList {
  object: string;
  data: Array<{ object: string; index: number; embedding: number[] }>;
  usage: { prompt_tokens: number; total_tokens: number };
}

interface FillMaskPrediction {
  score: number;
  token: number;
  token_str: string;
  sequence: string;
}

const root = mkdtempSync(path.join(os.tmpdir(), 'millrace-scoring-batching-'));
const flavor = createTransformersFlavor();
const apps: FastifyInstance[] = [];
let bert: string;

beforeAll(() => {
  bert = writeTinyBert(path.join(root, 'tiny-bert')).directory;
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(root, { recursive: true, force: true });
});

async function loadTinyBert(task: TransformersTask): Promise<LoadedModel> {
  const saved = await saveTransformersModel({
    path: path.join(root, task.replaceAll('/', '-')),
    modelDirectory: bert,
    task,
  });
  return await loadModel(saved.path, { flavors: [flavor], logger: silentModelLogger });
}

async function serve(model: LoadedModel, batching: ScoringBatchingOptions) {
  const registry = new Registry();
  const app = createScoringApp({
    model,
    version: 'test',
    logger: createRecordingLogger(),
    metrics: registry,
    batching,
  });
  apps.push(app);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const batchSizes = async () => {
    const values = (await registry.getSingleMetric('millrace_scoring_batch_size')?.get())?.values ?? [];
    const find = (name: string) =>
      values.find((value) => 'metricName' in value && value.metricName === name)?.value ?? Number.NaN;
    return { count: find('millrace_scoring_batch_size_count'), sum: find('millrace_scoring_batch_size_sum') };
  };
  return { baseUrl, batchSizes };
}

function bodyOf<T>(response: HttpExchange): T {
  expect(response.status, response.body).toBe(200);
  return JSON.parse(response.body) as T;
}

describe('adaptive batching on the tiny BERT model through the transformers_js flavor', () => {
  it('embeds concurrent llm/v1/embeddings requests in fewer pipeline calls, each as unbatched', async () => {
    const model = await loadTinyBert('llm/v1/embeddings');
    expect(typeof model.predictBatch).toBe('function');
    const batched = await serve(model, { maxDelayMs: 50 });
    const unbatched = await serve(model, { enabled: false });
    const inputs: Array<string | string[]> = [
      'hello world',
      'the mill race carries water to the wheel of the mill.',
      ['paris', 'the capital of france is paris.'],
      'models are saved, logged, registered and served.',
      'a user asks a question',
      ['hello', 'the wheel turns the stones', 'thank you'],
      'the assistant gives an answer; the system sets the rules of the chat.',
      'how are you today?',
    ];

    const answers = await Promise.all(inputs.map((input) => postJson(batched.baseUrl, { input })));
    const sizes = await batched.batchSizes();
    expect(sizes.sum).toBe(inputs.length);
    expect(sizes.count).toBeLessThan(inputs.length);

    for (const [index, input] of inputs.entries()) {
      const answer = bodyOf<EmbeddingsList>(answers[index] as HttpExchange);
      const reference = bodyOf<EmbeddingsList>(await postJson(unbatched.baseUrl, { input }));
      expect(answer.object).toBe('list');
      expect(answer.usage).toEqual(reference.usage);
      expect(answer.data.map((item) => [item.object, item.index])).toEqual(
        reference.data.map((item) => [item.object, item.index]),
      );
      expect(answer.data).toHaveLength(Array.isArray(input) ? input.length : 1);
      answer.data.forEach((item, position) => {
        const expected = reference.data[position]?.embedding ?? [];
        expect(item.embedding).toHaveLength(64);
        item.embedding.forEach((value, dimension) =>
          expect(value).toBeCloseTo(expected[dimension] ?? NaN, 5),
        );
      });
    }
  });

  it('batches fill-mask requests per top_k and fails a bad input alone', async () => {
    const model = await loadTinyBert('fill-mask');
    const batched = await serve(model, { maxDelayMs: 50 });
    const unbatched = await serve(model, { enabled: false });
    const requests = [
      { inputs: 'hello [MASK]', params: { top_k: 2 } },
      { inputs: 'the capital of france is [MASK].', params: { top_k: 3 } },
      { inputs: ['the [MASK] turns', 'paris is a [MASK].'], params: { top_k: 2 } },
      { inputs: 'the [MASK] of the mill', params: { top_k: 3 } },
      { inputs: 42, params: { top_k: 2 } },
    ];
    const answers = await Promise.all(requests.map((request) => postJson(batched.baseUrl, request)));
    expect((await batched.batchSizes()).count).toBeLessThan(requests.length);

    const failed = answers[4] as HttpExchange;
    expect(failed.status).toBe(400);
    const reference = await postJson(unbatched.baseUrl, requests[4]);
    expect(failed.body).toBe(reference.body);

    for (const [index, request] of requests.slice(0, 4).entries()) {
      const answer = bodyOf<{ predictions: unknown }>(answers[index] as HttpExchange).predictions;
      const expected = bodyOf<{ predictions: unknown }>(
        await postJson(unbatched.baseUrl, request),
      ).predictions;
      const flatten = (value: unknown) => [value].flat(2) as FillMaskPrediction[];
      const got = flatten(answer);
      const want = flatten(expected);
      expect(got.map((item) => [item.token, item.token_str, item.sequence])).toEqual(
        want.map((item) => [item.token, item.token_str, item.sequence]),
      );
      got.forEach((item, position) => expect(item.score).toBeCloseTo(want[position]?.score ?? NaN, 5));
      expect(got).toHaveLength(
        request.params.top_k * (Array.isArray(request.inputs) ? request.inputs.length : 1),
      );
    }
  });
});
