/**
 * Types for authors of custom TypeScript models. Using them is optional: a model file needs no
 * import from Millrace, its default export only has to have this shape.
 *
 * ```ts
 * import type { CustomModel, ModelContext } from '@millrace/models';
 *
 * export default class Echo implements CustomModel<{ prompt: string }[], string[]> {
 *   predict(_context: ModelContext, rows: { prompt: string }[]) {
 *     return rows.map((row) => row.prompt);
 *   }
 * }
 * ```
 */

/** What a custom model sees of its environment, at load time and on every call. */
export interface ModelContext {
  /** Artifact name → absolute local path inside the model directory (`artifacts/<name>`). */
  readonly artifacts: Readonly<Record<string, string>>;
  /** The model config saved with the model (`node_function.config`), merged with load-time overrides. */
  readonly modelConfig: Readonly<Record<string, unknown>>;
  /**
   * Aborted when the caller gives up on this call (timeout, client gone). Set per call in
   * `predict`/`predictStream`; absent in `loadContext`.
   */
  readonly signal?: AbortSignal;
}

/**
 * The shape of a custom model: the default export of the model file is a class with this shape
 * (instantiated with `new`, no arguments) or a plain object with this shape.
 *
 * Column-based input (a model with a column input schema) arrives as an array of row objects;
 * without an input schema a table arrives as its rows and any other value as sent.
 * `params` has been validated against the signature's params schema and filled with its
 * defaults; without a params schema it is `{}`.
 */
export interface CustomModel<
  Input = unknown,
  Output = unknown,
  Params = Record<string, unknown>,
  Chunk = unknown,
> {
  /** Called once when the model is loaded, before any prediction. */
  loadContext?(context: ModelContext): void | Promise<void>;
  predict(context: ModelContext, input: Input, params: Params): Output | Promise<Output>;
  /** Present when the model can stream; each yielded value is one chunk. */
  predictStream?(context: ModelContext, input: Input, params: Params): AsyncIterable<Chunk> | Iterable<Chunk>;
  /**
   * Present when the model can answer the inputs of several requests in one call, faster than
   * one by one (a model that runs a batched network): the scoring server then batches
   * concurrent requests (adaptive batching). `inputs` are what `predict` would get, one per
   * request; all share `params`. Must return one output per input, in order, each equal to what
   * `predict` answers for that input alone. A throw fails the call; the requests are then
   * answered one by one with `predict`, so that a bad input fails only its own request.
   */
  predictBatch?(context: ModelContext, inputs: Input[], params: Params): Output[] | Promise<Output[]>;
}
