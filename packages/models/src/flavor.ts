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
