import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapTgiFinishReason } from './map-tgi-finish-reason.js';

const EXPECTED = 'an object with "generated_text" (and "details")';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * A TGI `/generate` answer as a completions response. Also reads the list form `[{generated_text}]`
 * of the hosted Inference API and answers without `details` (usage then null); MLflow answers 500
 * to both.
 */
export function mapTgiResponse(body: unknown, model: string): unknown {
  const answer = record(Array.isArray(body) && body.length === 1 ? body[0] : body);
  if (answer === undefined || typeof answer.generated_text !== 'string') {
    throw upstreamShapeError('Text Generation Inference answer', EXPECTED, body);
  }
  const details = record(answer.details);
  const promptTokens =
    Array.isArray(details?.prefill) && details.prefill.length > 0 ? details.prefill.length : null;
  const completionTokens = typeof details?.generated_tokens === 'number' ? details.generated_tokens : null;
  return {
    id: null,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      { index: 0, text: answer.generated_text, finish_reason: mapTgiFinishReason(details?.finish_reason) },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens:
        promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null,
    },
  };
}
