import { embeddingTexts, embeddingsResponse, isVector } from '../chat-translation/embeddings-response.js';
import { rejectModelField, remainingFields } from '../chat-translation/request-fields.js';
import { record } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';

const HANDLED = new Set(['input', 'encoding_format', 'dimensions', 'task_type']);

/** The request of one text: `{model, content: {parts: [{text}]}, …}` plus the mapped options. */
function embedRequest(model: string, text: string, body: Record<string, unknown>): Record<string, unknown> {
  const request: Record<string, unknown> = {
    model,
    content: { parts: [{ text }] },
    ...remainingFields(body, HANDLED),
  };
  if (body.dimensions !== undefined) request.outputDimensionality = body.dimensions;
  if (body.task_type !== undefined) request.taskType = body.task_type;
  return request;
}

/**
 * An embeddings request as Gemini's: one text → `:embedContent`, several → `:batchEmbedContents`
 * (`{requests: [...]}`); `dimensions` → `outputDimensionality`, `task_type` → `taskType`, Gemini's
 * own fields (`taskType`, `title`) forwarded.
 */
export function geminiEmbeddingsCall(
  body: Record<string, unknown>,
  modelPath: string,
): { operation: 'embedContent' | 'batchEmbedContents'; body: Record<string, unknown> } {
  rejectModelField(body);
  const texts = embeddingTexts(body.input, 'Gemini');
  if (texts.length === 1 && typeof body.input === 'string') {
    return { operation: 'embedContent', body: embedRequest(modelPath, texts[0]!, body) };
  }
  return {
    operation: 'batchEmbedContents',
    body: { requests: texts.map((text) => embedRequest(modelPath, text, body)) },
  };
}

const EXPECTED = 'an object with "embedding": {values} or "embeddings": [{values}]';

/** `{embedding: {values}}` or `{embeddings: [{values}]}` as MLflow's embeddings response (Gemini reports no usage). */
export function mapGeminiEmbeddings(body: unknown, model: string, encodingFormat: unknown): unknown {
  const response = record(body);
  const items = Array.isArray(response?.embeddings)
    ? response.embeddings
    : response?.embedding === undefined
      ? undefined
      : [response.embedding];
  if (items === undefined) throw upstreamShapeError('Gemini embeddings answer', EXPECTED, body);
  const vectors = items.map((item: unknown) => {
    const values = record(item)?.values;
    if (!isVector(values)) throw upstreamShapeError('Gemini embeddings answer', EXPECTED, body);
    return values;
  });
  return embeddingsResponse(vectors, model, null, encodingFormat);
}
