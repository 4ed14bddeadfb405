import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { loadModel, saveModel, silentModelLogger, type LoadedModel } from '@millrace/models';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringApp, type ScoringBatchingOptions } from '../src/index.js';
import { postJson } from './support/http-client.js';
import { createRecordingLogger } from './support/served-model.js';

/** The custom model of the models package's tests whose predictBatch records its call sizes. */
const BATCH_SCALE_MODEL = fileURLToPath(
  new URL('../../models/test/fixtures/batch-scale-model.ts', import.meta.url),
);
const globals = globalThis as { batchScaleCalls?: number[] };
const root = mkdtempSync(path.join(os.tmpdir(), 'millrace-scoring-batching-custom-'));
const apps: FastifyInstance[] = [];
let model: LoadedModel;

beforeAll(async () => {
  const directory = path.join(root, 'model');
  await saveModel({
    path: directory,
    code: BATCH_SCALE_MODEL,
    signature: {
      inputs: [{ type: 'double', name: 'x', required: true }],
      outputs: null,
      params: [{ name: 'scale', type: 'double', default: 1, shape: null }],
    },
    logger: silentModelLogger,
  });
  model = await loadModel(directory, { logger: silentModelLogger });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(root, { recursive: true, force: true });
});

async function serve(batching: ScoringBatchingOptions): Promise<string> {
  const app = createScoringApp({
    model,
    version: 'test',
    logger: createRecordingLogger(),
    metrics: new Registry(),
    batching,
  });
  apps.push(app);
  return await app.listen({ host: '127.0.0.1', port: 0 });
}

describe('adaptive batching of a custom TypeScript model with predictBatch', () => {
  it('answers concurrent requests through few predictBatch calls, each as unbatched', async () => {
    const batched = await serve({ maxDelayMs: 50 });
    const unbatched = await serve({ enabled: false });
    const bodies = [1, 2, 3, 4, 5, 6].map((x) => ({
      dataframe_records: [{ x }, { x: x + 0.5 }],
      ...(x % 2 === 0 ? { params: { scale: 10 } } : {}),
    }));
    globals.batchScaleCalls = [];
    const answers = await Promise.all(bodies.map((body) => postJson(batched, body)));
    // Two groups of equal params (scale 1 and scale 10), each in one call.
    expect(globals.batchScaleCalls).toEqual([3, 3]);
    for (const [index, body] of bodies.entries()) {
      const reference = await postJson(unbatched, body);
      expect(reference.status).toBe(200);
      expect(answers[index]?.status).toBe(200);
      expect(answers[index]?.body).toBe(reference.body);
    }
  });

  it('fails a bad request alone, as unbatched', async () => {
    const batched = await serve({ maxDelayMs: 50 });
    const unbatched = await serve({ enabled: false });
    globals.batchScaleCalls = [];
    const answers = await Promise.all(
      [1, -1, 3].map((x) => postJson(batched, { dataframe_records: [{ x }] })),
    );
    // The batch call throws for x = -1; its requests are then answered one by one.
    expect(globals.batchScaleCalls).toEqual([3]);
    const reference = await postJson(unbatched, { dataframe_records: [{ x: -1 }] });
    expect(answers.map((answer) => answer.status)).toEqual([200, reference.status, 200]);
    expect(answers[1]?.body).toBe(reference.body);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toEqual({ predictions: [1] });
    expect(JSON.parse(answers[2]?.body ?? '{}')).toEqual({ predictions: [3] });
    expect(answers[1]?.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ error_code: expect.any(String) });
  });
});
