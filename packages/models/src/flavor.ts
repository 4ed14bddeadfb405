import type { MLmodel } from '@millrace/core';

/** Per-call information a flavor passes on to the model code. */
export interface FlavorPredictContext {
  /** Aborted when the caller gives up on the call. */
  signal?: AbortSignal;
}

/** A model as one flavor loaded it: predictions run after schema and params enforcement. */
export interface FlavorModel {
  predict(input: unknown, params: Record<string, unknown>, context: FlavorPredictContext): Promise<unknown>;
  /** Present only when the model streams. */
  predictStream?(
    input: unknown,
    params: Record<string, unknown>,
    context: FlavorPredictContext,
  ): AsyncIterable<unknown>;
  /**
   * Present only when the model can run the inputs of several requests in one call (adaptive
   * batching). `inputs` are enforced inputs, each as `predict` takes it; every request of the call
   * has these same `params`. Resolves with one output per input, in order, each equal to what
   * `predict` answers for that input alone. A throw fails the whole call (`LoadedModel.predictBatch`
   * then retries the inputs one by one with `predict`).
   */
  predictBatch?(
    inputs: unknown[],
    params: Record<string, unknown>,
    context: FlavorPredictContext,
  ): Promise<unknown[]>;
}

/** Load-time options `loadModel` passes to a flavor. */
export interface FlavorLoadOptions {
  /** `node_function.config` merged with the caller's overrides. */
  modelConfig: Record<string, unknown>;
}

/**
 * A way of loading model directories, named in MLmodel by `flavors.node_function.loader`
 * (MLflow's `python_function.loader_module`). A flavor may also keep its own block under
 * `flavors.<name>`.
 */
export interface Flavor {
  readonly name: string;
  load(modelDirectory: string, mlmodel: MLmodel, options: FlavorLoadOptions): Promise<FlavorModel>;
}
