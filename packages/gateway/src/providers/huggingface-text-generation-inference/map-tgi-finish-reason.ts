const FINISH_REASONS: Readonly<Record<string, string>> = {
  eos_token: 'stop',
  stop_sequence: 'stop',
  length: 'length',
};

/** TGI's finish reasons in OpenAI's words (MLflow passes `eos_token` through, which OpenAI clients do not know). */
export function mapTgiFinishReason(reason: unknown): string | null {
  if (typeof reason !== 'string') return null;
  return FINISH_REASONS[reason] ?? reason;
}
