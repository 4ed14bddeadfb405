import { MillraceError, writeMLmodel } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import type { Flavor, FlavorModel } from '../src/flavor.js';
import { loadModel } from '../src/load-model.js';
import type { LoadedModel } from '../src/loaded-model.js';
import { silentModelLogger, type ModelLogger } from '../src/model-logger.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const temporary = useTemporaryDirectories();

interface FlavorCall {
  method: 'predict' | 'predictBatch';
  inputs: unknown[];
  params: Record<string, unknown>;
}

/**
 * A flavor whose model multiplies each row's `x` by the `scale` param and counts its calls.
 * A row with a negative `x` makes the call throw (the whole batch, as a real batched pipeline
 * would); `batchBehaviour` can make every batch call misbehave.
 */
function createCountingFlavor(batchBehaviour: 'normal' | 'short' | 'throw-sync' | 'none' = 'normal') {
  const calls: FlavorCall[] = [];
  const score = (input: unknown, params: Record<string, unknown>): number[] => {
    const rows = input as Array<{ x: number }>;
    return rows.map((row) => {
      if (row.x < 0) throw new Error(`cannot score ${row.x}`);
      return row.x * (params['scale'] as number);
    });
  };
  const model: FlavorModel = {
    async predict(input, params) {
      calls.push({ method: 'predict', inputs: [input], params });
      return score(input, params);
    },
  };
  if (batchBehaviour !== 'none') {
    model.predictBatch = (inputs, params) => {
      calls.push({ method: 'predictBatch', inputs, params });
      if (batchBehaviour === 'throw-sync') throw new Error('batching is broken');
      if (batchBehaviour === 'short') return Promise.resolve(inputs.slice(1).map(() => []));
      return Promise.resolve().then(() => inputs.map((input) => score(input, params)));
    };
  }
  const flavor: Flavor = { name: 'counting', load: async () => model };
  return { flavor, calls };
}

async function loadCountingModel(
  flavor: Flavor,
  logger: ModelLogger = silentModelLogger,
): Promise<LoadedModel> {
  const directory = temporary.outside();
  await writeMLmodel(directory, {
    flavors: { node_function: { loader: 'counting' } },
    signature: {
      inputs: '[{"type": "double", "name": "x", "required": true}]',
      outputs: null,
      params: '[{"name": "scale", "default": 1.0, "shape": null, "type": "double"}]',
    },
  });
  return await loadModel(directory, { flavors: [flavor], logger });
}

function rows(...values: unknown[]): Array<{ x: unknown }> {
  return values.map((x) => ({ x }));
}

describe('LoadedModel.predictBatch', () => {
  it('exists only when the flavor model has predictBatch', async () => {
    const batching = await loadCountingModel(createCountingFlavor().flavor);
    const plain = await loadCountingModel(createCountingFlavor('none').flavor);
    expect(typeof batching.predictBatch).toBe('function');
    expect(plain.predictBatch).toBeUndefined();
  });

  it('answers every request in order with what predict gives, in one flavor call', async () => {
    const { flavor, calls } = createCountingFlavor();
    const model = await loadCountingModel(flavor);
    const requests = [{ input: rows(1) }, { input: rows(2, 3) }, { input: rows(4), params: {} }];
    const results = await model.predictBatch!(requests);
    expect(calls).toEqual([
      {
        method: 'predictBatch',
        inputs: [[{ x: 1 }], [{ x: 2 }, { x: 3 }], [{ x: 4 }]],
        params: { scale: 1 },
      },
    ]);
    const singles = await Promise.all(requests.map((request) => model.predict(request.input)));
    expect(results).toEqual(singles.map((value) => ({ status: 'fulfilled', value })));
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual([
      [1],
      [2, 3],
      [4],
    ]);
  });

  it('makes one flavor call per group of equal enforced params, keeping the request order', async () => {
    const { flavor, calls } = createCountingFlavor();
    const model = await loadCountingModel(flavor);
    const results = await model.predictBatch!([
      { input: rows(1), params: { scale: 2 } },
      { input: rows(1) },
      { input: rows(2), params: { scale: 2 } },
      { input: rows(3), params: { scale: null } },
    ]);
    // No params and a null scale both mean the default 1.0.
    expect(calls.map((call) => [call.method, call.params, call.inputs.length])).toEqual([
      ['predictBatch', { scale: 2 }, 2],
      ['predictBatch', { scale: 1 }, 2],
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: [2] },
      { status: 'fulfilled', value: [1] },
      { status: 'fulfilled', value: [4] },
      { status: 'fulfilled', value: [3] },
    ]);
  });

  it('fails a request whose input or params fail enforcement alone, without sending it to the model', async () => {
    const { flavor, calls } = createCountingFlavor();
    const warnings: string[] = [];
    const model = await loadCountingModel(flavor, { warn: (message) => warnings.push(message) });
    const results = await model.predictBatch!([
      { input: rows('not a number') },
      { input: rows(5) },
      { input: rows(6), params: { scale: 'big' } },
      { input: rows(7), params: { scale: 1, extra: true } },
    ]);
    expect(calls).toEqual([
      { method: 'predictBatch', inputs: [[{ x: 5 }], [{ x: 7 }]], params: { scale: 1 } },
    ]);
    const [badInput, good, badParams, warned] = results;
    expect(badInput?.status).toBe('rejected');
    const inputError = badInput?.status === 'rejected' ? (badInput.reason as MillraceError) : undefined;
    expect(MillraceError.isInstance(inputError)).toBe(true);
    const predictError: unknown = await model.predict(rows('not a number')).catch((error: unknown) => error);
    expect(inputError?.errorCode).toBe((predictError as MillraceError).errorCode);
    expect(inputError?.message).toBe((predictError as MillraceError).message);
    expect(good).toEqual({ status: 'fulfilled', value: [5] });
    expect(badParams?.status === 'rejected' ? String(badParams.reason) : '').toMatch(
      /Invalid parameters found/,
    );
    expect(warned).toEqual({ status: 'fulfilled', value: [7] });
    expect(warnings).toEqual([expect.stringMatching(/Unrecognized params \['extra'\] are ignored/)]);
  });

  it('retries a failed batch one request at a time, so only the bad input fails', async () => {
    const { flavor, calls } = createCountingFlavor();
    const model = await loadCountingModel(flavor);
    const results = await model.predictBatch!([{ input: rows(1) }, { input: rows(-1) }, { input: rows(3) }]);
    expect(calls.map((call) => call.method)).toEqual(['predictBatch', 'predict', 'predict', 'predict']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: [1] });
    expect(results[1]?.status).toBe('rejected');
    expect(results[1]?.status === 'rejected' ? String(results[1].reason) : '').toMatch(/cannot score -1/);
    expect(results[2]).toEqual({ status: 'fulfilled', value: [3] });
  });

  it('does not retry a failed batch of one request, and retries after a synchronous throw', async () => {
    const counting = createCountingFlavor();
    const model = await loadCountingModel(counting.flavor);
    const [alone] = await model.predictBatch!([{ input: rows(-2) }]);
    expect(alone?.status === 'rejected' ? String(alone.reason) : '').toMatch(/cannot score -2/);
    expect(counting.calls.map((call) => call.method)).toEqual(['predictBatch']);

    const broken = createCountingFlavor('throw-sync');
    const brokenModel = await loadCountingModel(broken.flavor);
    const results = await brokenModel.predictBatch!([{ input: rows(1) }, { input: rows(2) }]);
    expect(results).toEqual([
      { status: 'fulfilled', value: [1] },
      { status: 'fulfilled', value: [2] },
    ]);
    expect(broken.calls.map((call) => call.method)).toEqual(['predictBatch', 'predict', 'predict']);
  });

  it('fails the group with INTERNAL_ERROR when the flavor answers the wrong number of outputs', async () => {
    const { flavor } = createCountingFlavor('short');
    const model = await loadCountingModel(flavor);
    const results = await model.predictBatch!([{ input: rows(1) }, { input: rows(2) }]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = result.status === 'rejected' ? (result.reason as MillraceError) : undefined;
      expect(reason?.errorCode).toBe('INTERNAL_ERROR');
      expect(reason?.message).toBe("The flavor's predictBatch answered 1 outputs for 2 inputs.");
    }
  });

  it('starts no retry once the batch signal is aborted', async () => {
    const { flavor, calls } = createCountingFlavor();
    const model = await loadCountingModel(flavor);
    const controller = new AbortController();
    const reason = new MillraceError('CANCELLED', 'everyone left');
    controller.abort(reason);
    const results = await model.predictBatch!([{ input: rows(-1) }, { input: rows(2) }], {
      signal: controller.signal,
    });
    expect(results).toEqual([
      { status: 'rejected', reason },
      { status: 'rejected', reason },
    ]);
    expect(calls.map((call) => call.method)).toEqual(['predictBatch']);
  });

  it('answers an empty list without calling the model', async () => {
    const { flavor, calls } = createCountingFlavor();
    const model = await loadCountingModel(flavor);
    expect(await model.predictBatch!([])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
