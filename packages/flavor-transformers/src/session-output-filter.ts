import type { FeatureExtractionPipeline } from '@huggingface/transformers';

/** The part of an onnxruntime-node `InferenceSession` this file uses. */
interface OutputSession {
  readonly outputNames: readonly string[];
  run(feeds: unknown, fetchesOrOptions?: unknown, options?: unknown): Promise<unknown>;
}

function isOutputSession(value: unknown): value is OutputSession {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<OutputSession>;
  return Array.isArray(candidate.outputNames) && typeof candidate.run === 'function';
}

/**
 * Makes the pipeline's ONNX session hand back only `outputName` when transformers.js runs it
 * without naming outputs (it always does): a BERT exported with its masked-LM head also
 * answers `logits` [batch, tokens, vocabulary], about 120 KB per token for a 30k vocabulary,
 * which onnxruntime-node copies into a fresh JavaScript buffer on every run although feature
 * extraction reads only `last_hidden_state`. (ONNX Runtime still computes the unused output;
 * it only skips handing it over.) Does nothing when the session has no such output or no other.
 * Returns whether the session was restricted.
 */
export function fetchOnlyOutput(pipeline: FeatureExtractionPipeline, outputName: string): boolean {
  const session: unknown = pipeline.model.sessions['model'];
  if (!isOutputSession(session)) return false;
  if (!session.outputNames.includes(outputName) || session.outputNames.length === 1) return false;
  const run = session.run.bind(session);
  const fetches = [outputName];
  session.run = (feeds, fetchesOrOptions, options) =>
    fetchesOrOptions === undefined ? run(feeds, fetches) : run(feeds, fetchesOrOptions, options);
  return true;
}
