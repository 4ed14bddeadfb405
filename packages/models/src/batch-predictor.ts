import { isDeepStrictEqual } from 'node:util';
import { MillraceError } from '@millrace/core';
import type { FlavorModel } from './flavor.js';
import type { BatchPredictRequest, PredictOptions } from './loaded-model.js';

/** What the batch predictor needs of a loaded model: enforcement and the flavor's two calls. */
export interface BatchPredictorParts {
  /** Enforces one request's input and params exactly as `predict` does (throws when they fail). */
  prepare(input: unknown, params: unknown): [unknown, Record<string, unknown>];
  predict: FlavorModel['predict'];
  predictBatch: NonNullable<FlavorModel['predictBatch']>;
}

/** The enforced requests that share one params object, and where their results go. */
interface ParamsGroup {
  params: Record<string, unknown>;
  inputs: unknown[];
  positions: number[];
}

export type BatchPredictor = (
  requests: readonly BatchPredictRequest[],
  options?: PredictOptions,
) => Promise<PromiseSettledResult<unknown>[]>;

const NO_OPTIONS: PredictOptions = {};

function fulfilled(value: unknown): PromiseFulfilledResult<unknown> {
  return { status: 'fulfilled', value };
}

function rejected(reason: unknown): PromiseRejectedResult {
  return { status: 'rejected', reason };
}

/** Calls model code, turning a synchronous throw into a rejected promise. */
async function callModel<T>(call: () => Promise<T>): Promise<T> {
  return await call();
}

function groupByParams(
  requests: readonly BatchPredictRequest[],
  prepare: BatchPredictorParts['prepare'],
  results: PromiseSettledResult<unknown>[],
): ParamsGroup[] {
  const groups: ParamsGroup[] = [];
  requests.forEach((request, position) => {
    let prepared: [unknown, Record<string, unknown>];
    try {
      prepared = prepare(request.input, request.params);
    } catch (error) {
      results[position] = rejected(error);
      return;
    }
    const [input, params] = prepared;
    let group = groups.find((candidate) => isDeepStrictEqual(candidate.params, params));
    if (group === undefined) {
      group = { params, inputs: [], positions: [] };
      groups.push(group);
    }
    group.inputs.push(input);
    group.positions.push(position);
  });
  return groups;
}

/**
 * `LoadedModel.predictBatch` over a flavor model that has `predictBatch`: enforcement per request
 * (a failure settles that request alone), one flavor call per group of equal params (groups run
 * one after another, in the order their first request came), and — when a call of several
 * requests throws — the requests of that group one at a time through `predict`, so that a bad
 * input fails only its own request. A call that answers the wrong number of outputs fails its
 * whole group with INTERNAL_ERROR (a flavor bug, not a bad input).
 */
export function createBatchPredictor(parts: BatchPredictorParts): BatchPredictor {
  const { prepare, predict, predictBatch } = parts;

  const predictOneByOne = async (
    group: ParamsGroup,
    options: PredictOptions,
    results: PromiseSettledResult<unknown>[],
  ): Promise<void> => {
    for (const [index, input] of group.inputs.entries()) {
      const position = group.positions[index] as number;
      const signal = options.signal;
      if (signal?.aborted === true) {
        results[position] = rejected(signal.reason);
        continue;
      }
      try {
        results[position] = fulfilled(await callModel(() => predict(input, group.params, options)));
      } catch (error) {
        results[position] = rejected(error);
      }
    }
  };

  const predictGroup = async (
    group: ParamsGroup,
    options: PredictOptions,
    results: PromiseSettledResult<unknown>[],
  ): Promise<void> => {
    let outputs: unknown[];
    try {
      outputs = await callModel(() => predictBatch(group.inputs, group.params, options));
    } catch (error) {
      if (group.inputs.length === 1) {
        results[group.positions[0] as number] = rejected(error);
        return;
      }
      await predictOneByOne(group, options, results);
      return;
    }
    if (!Array.isArray(outputs) || outputs.length !== group.inputs.length) {
      const count = Array.isArray(outputs) ? `${outputs.length} outputs` : 'no list';
      const error = new MillraceError(
        'INTERNAL_ERROR',
        `The flavor's predictBatch answered ${count} for ${group.inputs.length} inputs.`,
      );
      for (const position of group.positions) results[position] = rejected(error);
      return;
    }
    group.positions.forEach((position, index) => {
      results[position] = fulfilled(outputs[index]);
    });
  };

  return async (requests, options = NO_OPTIONS) => {
    const results = new Array<PromiseSettledResult<unknown>>(requests.length);
    for (const group of groupByParams(requests, prepare, results)) {
      await predictGroup(group, options, results);
    }
    return results;
  };
}
