const FINISH_REASONS: Readonly<Record<string, string>> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
};

/** Cohere's `finish_reason` in OpenAI's words; others (`ERROR`, `TIMEOUT`) lower-cased. */
export function mapCohereFinishReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null;
  return FINISH_REASONS[reason] ?? reason.toLowerCase();
}
