const FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
};

/** Converse's `stopReason` in OpenAI's words; unknown reasons pass through. */
export function mapConverseStopReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null;
  return FINISH_REASONS[reason] ?? reason;
}
