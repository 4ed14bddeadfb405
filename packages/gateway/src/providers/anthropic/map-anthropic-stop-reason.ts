const FINISH_REASONS: Readonly<Record<string, string>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/**
 * Anthropic's `stop_reason` in OpenAI's words. `tool_use` is `tool_calls` (MLflow reports `stop`,
 * which makes OpenAI clients miss the tool calls); unknown reasons pass through.
 */
export function mapAnthropicStopReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null;
  return FINISH_REASONS[reason] ?? reason;
}
