/** What a tiny-model writer produced. */
export interface TinyModelInfo {
  /** The absolute path of the model directory. */
  directory: string;
  /** The written files, relative to `directory`, sorted. */
  files: string[];
  /** The number of token ids (the logits' last dimension). */
  vocabularySize: number;
  /** config.json as written. */
  config: Record<string, unknown>;
}
