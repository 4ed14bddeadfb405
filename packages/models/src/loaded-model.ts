import type { MLmodel, ModelSignature } from '@millrace/core';

/** Options for one prediction call. */
export interface PredictOptions {
  /**
   * Aborted when the caller gives up (request timeout, client gone). Passed on to the
   * model code as `context.signal`, so a well-behaved model stops working.
   */
  signal?: AbortSignal;
}

/** One request of a batch: what `predict` would take as its `input` and `params`. */
export interface BatchPredictRequest {
  input: unknown;
  params?: unknown;
}

/**
 * A model loaded from a model directory, ready to predict: what MLflow calls a PyFuncModel.
 * `predict` enforces the input schema and the params schema of the signature before the
 * flavor's own predict runs (model-format.md §6-7), so every caller gets the same rules.
 */
export interface LoadedModel {
  /** Absolute path of the local model directory. */
  readonly path: string;
  /** The parsed MLmodel file. */
  readonly mlmodel: MLmodel;
  readonly signature: ModelSignature | null;
  /** MLmodel `metadata` (e.g. `{ task: 'llm/v1/chat' }`), or null. */
  readonly metadata: Record<string, unknown> | null;
  /** The name of the flavor that loaded the model. */
  readonly flavor: string;
  /**
   * Runs the model. `input` is what the request parser produced: a `Table` (from
   * `dataframe_split`, `dataframe_records` or CSV) or a plain JSON value (`inputs`,
   * `instances`, an unwrapped LLM body). `params` is validated and defaulted from the
   * ParamSchema; without a ParamSchema it is ignored (with a warning) and `{}` is passed.
   */
  predict(input: unknown, params?: unknown, options?: PredictOptions): Promise<unknown>;
  /**
   * Present when the model can stream (`predictStream` in a custom model, MLmodel
   * `streamable: true`). Input and params are enforced when it is called, so invalid ones throw
   * right away, before an iterable exists and before any chunk; errors of the model itself
   * surface while iterating.
   */
  predictStream?(input: unknown, params?: unknown, options?: PredictOptions): AsyncIterable<unknown>;
  /**
   * Present when the flavor can batch (its model has `predictBatch`): predicts several requests
   * at once and settles each one on its own, in order — `{status: 'fulfilled', value}` with what
   * `predict` would answer, or `{status: 'rejected', reason}` with the error `predict` would throw.
   * Every request's input and params are enforced exactly as `predict` does; one that fails
   * enforcement fails alone and never reaches the model. The others go to the flavor in one call
   * per group of requests with equal (enforced) params. When such a call throws, its requests are
   * retried one at a time with the flavor's `predict`, so a bad input fails only its own request.
   * `options.signal` is the whole batch's: once it aborts, no retry starts.
   */
  predictBatch?(
    requests: readonly BatchPredictRequest[],
    options?: PredictOptions,
  ): Promise<PromiseSettledResult<unknown>[]>;
}
