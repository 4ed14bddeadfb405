import { upstreamShapeError } from '../upstream-shape-error.js';
import { record, stringOrNull } from './openai-response-fields.js';

const EXPECTED = 'an object with a "data" list of {embedding}';

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/** An OpenAI embeddings list as MLflow's: data re-indexed, embeddings (floats or base64) copied, model and usage copied. */
export function mapOpenAIEmbeddingsResponse(body: unknown, fallbackModel: string): unknown {
  const response = record(body);
  if (response === undefined || !Array.isArray(response.data))
    throw upstreamShapeError('embeddings list', EXPECTED, body);
  const data = response.data.map((item: unknown, index: number) => {
    const entry = record(item);
    const embedding = entry?.embedding;
    if (!Array.isArray(embedding) && typeof embedding !== 'string') {
      throw upstreamShapeError('embeddings list', EXPECTED, body);
    }
    return { object: 'embedding', embedding, index };
  });
  const usage = record(response.usage) ?? {};
  return {
    object: 'list',
    data,
    model: stringOrNull(response.model) ?? fallbackModel,
    usage: {
      prompt_tokens: integerOrNull(usage.prompt_tokens),
      total_tokens: integerOrNull(usage.total_tokens),
    },
  };
}
