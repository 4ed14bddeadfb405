import { enforceInputSchema, enforceParams, Table, type MLmodel, type ModelSignature } from '@millrace/core';
import { createBatchPredictor } from './batch-predictor.js';
import type { FlavorModel } from './flavor.js';
import type { LoadedModel, PredictOptions } from './loaded-model.js';
import type { ModelLogger } from './model-logger.js';

/** What `createLoadedModel` wraps. */
export interface LoadedModelParts {
  path: string;
  mlmodel: MLmodel;
  signature: ModelSignature | null;
  flavor: string;
  flavorModel: FlavorModel;
  logger: ModelLogger;
}

const NO_OPTIONS: PredictOptions = {};

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A `LoadedModel` over a flavor's model: every call enforces the input schema (when the
 * signature has one) and then the params schema, reports their warnings, and hands the
 * result to the flavor. Without an input schema a `Table` is passed as its rows and any other
 * value as is. `predictBatch` exists when the flavor's model has one (see `createBatchPredictor`).
 */
export function createLoadedModel(parts: LoadedModelParts): LoadedModel {
  const { flavorModel, logger, signature } = parts;
  const inputSchema = signature?.inputs ?? null;
  const paramSchema = signature?.params ?? null;

  const prepare = (input: unknown, params: unknown): [unknown, Record<string, unknown>] => {
    let modelInput: unknown;
    if (inputSchema !== null) {
      const enforced = enforceInputSchema(input, inputSchema);
      for (const warning of enforced.warnings) {
        logger.warn(warning);
      }
      modelInput = enforced.data;
    } else {
      modelInput = input instanceof Table ? input.rows : input;
    }
    const enforcedParams = enforceParams(params, paramSchema);
    for (const warning of enforcedParams.warnings) {
      logger.warn(warning);
    }
    return [modelInput, enforcedParams.params];
  };

  const metadata = isPlainRecord(parts.mlmodel.metadata) ? parts.mlmodel.metadata : null;
  const loaded: LoadedModel = {
    path: parts.path,
    mlmodel: parts.mlmodel,
    signature,
    metadata,
    flavor: parts.flavor,
    async predict(input: unknown, params?: unknown, options?: PredictOptions): Promise<unknown> {
      const [modelInput, modelParams] = prepare(input, params);
      // `options` is passed through untouched so that its `signal` is only read if the model uses it.
      return await flavorModel.predict(modelInput, modelParams, options ?? NO_OPTIONS);
    },
  };
  const stream = flavorModel.predictStream?.bind(flavorModel);
  if (stream !== undefined) {
    loaded.predictStream = (
      input: unknown,
      params?: unknown,
      options?: PredictOptions,
    ): AsyncIterable<unknown> => {
      // Enforced before the iterable is returned: bad input throws here, before any chunk.
      const [modelInput, modelParams] = prepare(input, params);
      return stream(modelInput, modelParams, options ?? NO_OPTIONS);
    };
  }
  const batch = flavorModel.predictBatch?.bind(flavorModel);
  if (batch !== undefined) {
    loaded.predictBatch = createBatchPredictor({
      prepare,
      predict: flavorModel.predict.bind(flavorModel),
      predictBatch: batch,
    });
  }
  return loaded;
}
