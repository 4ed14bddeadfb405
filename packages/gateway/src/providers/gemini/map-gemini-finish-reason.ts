const CONTENT_FILTER_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
]);

/**
 * Gemini's `finishReason` in OpenAI's words: STOP → stop (tool_calls when the candidate called
 * functions), MAX_TOKENS → length, the safety reasons → content_filter; others lower-cased (as
 * MLflow does), FINISH_REASON_UNSPECIFIED and absent → null.
 */
export function mapGeminiFinishReason(reason: unknown, calledFunctions: boolean): string | null {
  if (typeof reason !== 'string' || reason === 'FINISH_REASON_UNSPECIFIED') return null;
  if (reason === 'STOP') return calledFunctions ? 'tool_calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER_REASONS.has(reason)) return 'content_filter';
  return reason.toLowerCase();
}
