import { embeddingTexts, embeddingsResponse, isVector } from '../chat-translation/embeddings-response.js';
import { rejectModelField, rejectNativeNames, remainingFields } from '../chat-translation/request-fields.js';
import { countOrNull } from '../chat-translation/chat-response.js';
import { record } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';

/** Cohere's embed models (v3 and later) need an input type; documents are what a gateway embeds most. */
export const DEFAULT_COHERE_INPUT_TYPE = 'search_document';

const HANDLED = new Set(['input', 'encoding_format', 'dimensions']);

/**
 * An embeddings request as a Cohere v2 `/embed` body: `input` → `texts`, float embeddings asked,
 * `input_type` defaulting to `search_document` (the client may send its own), `dimensions` →
 * `output_dimension`; `texts` itself is refused (MLflow's rename rule).
 */
export function cohereEmbedBody(body: Record<string, unknown>, model: string): Record<string, unknown> {
  rejectModelField(body);
  rejectNativeNames(body, { input: 'texts' }, 400);
  const translated: Record<string, unknown> = {
    input_type: DEFAULT_COHERE_INPUT_TYPE,
    ...remainingFields(body, HANDLED),
    model,
    texts: embeddingTexts(body.input, 'Cohere'),
    embedding_types: ['float'],
  };
  if (body.dimensions !== undefined) translated.output_dimension = body.dimensions;
  return translated;
}

const EXPECTED = 'an object with "embeddings": {"float": [[…]]}';

/** `{embeddings: {float: [[…]]}, meta: {billed_units: {input_tokens}}}` (or the v1 list form) as MLflow's embeddings response. */
export function mapCohereEmbeddings(body: unknown, model: string, encodingFormat: unknown): unknown {
  const response = record(body);
  const embeddings = response?.embeddings;
  const vectors = Array.isArray(embeddings) ? embeddings : record(embeddings)?.float;
  if (!Array.isArray(vectors) || !vectors.every(isVector)) {
    throw upstreamShapeError('Cohere embeddings answer', EXPECTED, body);
  }
  const billed = record(record(response?.meta)?.billed_units);
  return embeddingsResponse(vectors, model, countOrNull(billed?.input_tokens), encodingFormat);
}
