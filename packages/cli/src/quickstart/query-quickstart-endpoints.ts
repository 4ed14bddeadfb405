import { MillraceError } from '@millrace/core';
import type { QuickstartModel } from './quickstart-models.js';

/** The example request of each endpoint type: what the quickstart sends and prints. */
export function quickstartRequest(model: QuickstartModel): Record<string, unknown> {
  if (model.endpointType === 'llm/v1/embeddings') {
    return { input: ['Millrace serves models.', 'Rivers flow to the sea.'] };
  }
  if (model.name === 'fill-mask') return { prompt: 'The capital of France is [MASK].' };
  return { prompt: 'Tell me about rivers', max_tokens: 16, temperature: 0.1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A one-line summary of an endpoint's answer: the completion's text, or the vectors' count and size. */
export function summarizeAnswer(model: QuickstartModel, body: unknown): string {
  if (isRecord(body) && Array.isArray(body['data'])) {
    const vectors = body['data'].map((item: unknown) =>
      isRecord(item) && Array.isArray(item['embedding']) ? (item['embedding'] as unknown[]) : [],
    );
    const first = vectors[0] ?? [];
    const preview = first
      .slice(0, 3)
      .map((value) => (typeof value === 'number' ? value.toFixed(3) : String(value)))
      .join(', ');
    return `${vectors.length} vectors of ${first.length} numbers (the first starts [${preview}, …])`;
  }
  if (isRecord(body) && Array.isArray(body['choices'])) {
    const [choice] = body['choices'] as unknown[];
    if (isRecord(choice) && typeof choice['text'] === 'string') return JSON.stringify(choice['text']);
  }
  throw new MillraceError(
    'INVALID_STATE',
    `the ${model.name} endpoint answered something unexpected: ${JSON.stringify(body).slice(0, 200)}`,
  );
}

/** Queries one endpoint through the gateway (MLflow's `/endpoints/<name>/invocations`). */
export async function queryQuickstartEndpoint(
  gatewayAddress: string,
  model: QuickstartModel,
): Promise<{ request: Record<string, unknown>; answer: string }> {
  const request = quickstartRequest(model);
  const response = await fetch(`${gatewayAddress}/endpoints/${model.name}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new MillraceError(
      'INVALID_STATE',
      `the ${model.name} endpoint answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  return { request, answer: summarizeAnswer(model, JSON.parse(text) as unknown) };
}
