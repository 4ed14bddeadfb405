import type { TokenUsage } from '../provider.js';

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export interface ChatUsage {
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
}

/** The three counters of an OpenAI `usage` object (nulls when absent; MLflow 3.6 crashed without usage). */
export function mapOpenAIUsage(usage: unknown): ChatUsage {
  const record = typeof usage === 'object' && usage !== null ? (usage as Record<string, unknown>) : {};
  return {
    prompt_tokens: integerOrNull(record.prompt_tokens),
    completion_tokens: integerOrNull(record.completion_tokens),
    total_tokens: integerOrNull(record.total_tokens),
  };
}

/** Token counts for metrics from a mapped usage object. */
export function tokenUsageOf(usage: {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens ?? undefined,
    completionTokens: usage.completion_tokens ?? undefined,
  };
}
