import type { FlavorModel, FlavorPredictContext } from '@millrace/models';

/** A model of the transformers_js flavor. */
export interface TransformersFlavorModel extends FlavorModel {
  /**
   * For embeddings and fill-mask: the inputs of several requests (each as `predict` takes it)
   * in one pipeline call (embeddings: in few calls, texts grouped by length), the outputs split
   * back per request, each equal to what `predict` gives for it (padding does not change a
   * sentence's result). For adaptive batching.
   */
  predictBatch?(
    inputs: unknown[],
    params: Record<string, unknown>,
    context: FlavorPredictContext,
  ): Promise<unknown[]>;
}
