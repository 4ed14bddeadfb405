/** What the request parsers hand to the invocation route. */
export interface ParsedRequest {
  /** The model input: a `Table` (dataframe formats, CSV, `instances` records) or a JSON value. */
  input: unknown;
  /** The request's params, or undefined when there are none to pass (see `paramsForModel`). */
  params: unknown;
  /** True for `dataframe_*`/`instances`/`inputs` bodies and CSV: the answer is `{"predictions": ...}`. */
  wrapped: boolean;
  /** True when the body asked for a stream (`"stream": true`). */
  stream: boolean;
}

/** What the parsers need to know about the served model's signature. */
export interface RequestSchemaInfo {
  /** Names in the ParamSchema, or null when the model has none. */
  paramNames: ReadonlySet<string> | null;
  /** Names of the input schema's columns (empty for unnamed, tensor or missing schemas). */
  inputColumnNames: ReadonlySet<string>;
}
