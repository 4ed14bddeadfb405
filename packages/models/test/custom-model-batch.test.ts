import path from 'node:path';
import { MillraceError, type ModelSignature } from '@millrace/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomModelInstance } from '../src/custom-model-instance.js';
import { loadModel } from '../src/load-model.js';
import type { LoadedModel } from '../src/loaded-model.js';
import { silentModelLogger } from '../src/model-logger.js';
import { saveModel } from '../src/save-model.js';
import { FIXTURES } from './prompt-template.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const temporary = useTemporaryDirectories();
const globals = globalThis as { batchScaleCalls?: number[] };

const SIGNATURE: ModelSignature = {
  inputs: [{ type: 'double', name: 'x', required: true }],
  outputs: null,
  params: [{ name: 'scale', type: 'double', default: 1, shape: null }],
};

async function saveAndLoad(code: string): Promise<LoadedModel> {
  const directory = path.join(temporary.outside(), 'model');
  await saveModel({
    path: directory,
    code: path.join(FIXTURES, code),
    signature: SIGNATURE,
    logger: silentModelLogger,
  });
  return await loadModel(directory, { logger: silentModelLogger });
}

function rows(...values: number[]): Array<{ x: number }> {
  return values.map((x) => ({ x }));
}

describe('custom models with predictBatch', () => {
  beforeEach(() => {
    globals.batchScaleCalls = [];
  });

  it('answer several requests in one call of the model, each as predict answers it', async () => {
    const model = await saveAndLoad('batch-scale-model.ts');
    expect(typeof model.predictBatch).toBe('function');
    const requests = [
      { input: rows(1) },
      { input: rows(2, 3), params: { scale: 10 } },
      { input: rows(4), params: { scale: 10 } },
      { input: rows(5) },
    ];
    const results = await model.predictBatch!(requests);
    // One call per group of equal params: scale 1 (requests 0 and 3), then scale 10 (1 and 2).
    expect(globals.batchScaleCalls).toEqual([2, 2]);
    expect(results).toEqual([
      { status: 'fulfilled', value: [1] },
      { status: 'fulfilled', value: [20, 30] },
      { status: 'fulfilled', value: [40] },
      { status: 'fulfilled', value: [5] },
    ]);
    for (const [index, request] of requests.entries()) {
      const result = results[index];
      expect(result?.status === 'fulfilled' ? result.value : undefined).toEqual(
        await model.predict(request.input, request.params),
      );
    }
  });

  it('fail only the bad request when a batch call throws: the others are answered one by one', async () => {
    const model = await saveAndLoad('batch-scale-model.ts');
    const results = await model.predictBatch!([{ input: rows(1) }, { input: rows(-1) }, { input: rows(3) }]);
    expect(globals.batchScaleCalls).toEqual([3]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [1] });
    expect(results[1]?.status).toBe('rejected');
    expect(results[2]).toEqual({ status: 'fulfilled', value: [3] });
  });

  it('are not batched when the model has no predictBatch', async () => {
    const model = await saveAndLoad('row-count-model.ts');
    expect(model.predictBatch).toBeUndefined();
  });

  it('are refused when predictBatch is not a method', () => {
    expect(() => createCustomModelInstance({ predict: () => 1, predictBatch: 'yes' }, '/models/m')).toThrow(
      MillraceError,
    );
    expect(() => createCustomModelInstance({ predict: () => 1, predictBatch: 'yes' }, '/models/m')).toThrow(
      /has a predictBatch that is not a method/,
    );
  });
});
