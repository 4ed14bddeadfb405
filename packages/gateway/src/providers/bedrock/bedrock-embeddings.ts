import { GatewayHttpError } from '../../http/gateway-http-error.js';
import { countOrNull } from '../chat-translation/chat-response.js';
import { embeddingTexts, embeddingsResponse, isVector } from '../chat-translation/embeddings-response.js';
import { rejectModelField, remainingFields } from '../chat-translation/request-fields.js';
import { DEFAULT_COHERE_INPUT_TYPE } from '../cohere/cohere-embeddings.js';
import { record } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';

/** The embedding model families Bedrock's InvokeModel is called for, told apart by the model id. */
export type BedrockEmbeddingFamily = 'titan' | 'cohere';

/** `amazon.titan-embed-text-v2:0` → titan, `cohere.embed-english-v3` → cohere (region prefixes and ARNs allowed). */
export function bedrockEmbeddingFamily(modelId: string): BedrockEmbeddingFamily | undefined {
  if (modelId.includes('amazon.titan-embed')) return 'titan';
  if (modelId.includes('cohere.embed')) return 'cohere';
  return undefined;
}

const HANDLED = new Set(['input', 'encoding_format', 'dimensions']);
const VENDOR = 'Amazon Bedrock';

/**
 * The InvokeModel body of an embeddings request. Titan takes one text per call
 * (`{inputText, dimensions?}`): a list of several texts is a 422 (one upstream call per request).
 * Cohere takes a list (`{texts, input_type}`; input type defaulting to `search_document`).
 */
export function bedrockEmbeddingsBody(
  family: BedrockEmbeddingFamily,
  body: Record<string, unknown>,
): Record<string, unknown> {
  rejectModelField(body);
  const texts = embeddingTexts(body.input, VENDOR);
  const extras = remainingFields(body, HANDLED);
  if (family === 'titan') {
    if (texts.length !== 1) {
      throw GatewayHttpError.unprocessable(
        `Titan embedding models take one text per request; this request has ${texts.length}.`,
      );
    }
    const translated: Record<string, unknown> = { ...extras, inputText: texts[0] };
    if (body.dimensions !== undefined) translated.dimensions = body.dimensions;
    return translated;
  }
  const translated: Record<string, unknown> = { input_type: DEFAULT_COHERE_INPUT_TYPE, ...extras, texts };
  if (body.dimensions !== undefined) translated.output_dimension = body.dimensions;
  return translated;
}

const EXPECTED: Readonly<Record<BedrockEmbeddingFamily, string>> = {
  titan: 'an object with an "embedding" list',
  cohere: 'an object with "embeddings" (a list of vectors, or {"float": […]})',
};

/** Titan's `{embedding, inputTextTokenCount}` or Cohere's `{embeddings}` as MLflow's embeddings response. */
export function mapBedrockEmbeddings(
  family: BedrockEmbeddingFamily,
  body: unknown,
  model: string,
  encodingFormat: unknown,
): unknown {
  const response = record(body);
  if (family === 'titan') {
    if (!isVector(response?.embedding))
      throw upstreamShapeError('Titan embeddings answer', EXPECTED.titan, body);
    return embeddingsResponse(
      [response.embedding],
      model,
      countOrNull(response.inputTextTokenCount),
      encodingFormat,
    );
  }
  const embeddings = response?.embeddings;
  const vectors = Array.isArray(embeddings) ? embeddings : record(embeddings)?.float;
  if (!Array.isArray(vectors) || !vectors.every(isVector)) {
    throw upstreamShapeError('Cohere embeddings answer', EXPECTED.cohere, body);
  }
  return embeddingsResponse(vectors, model, null, encodingFormat);
}
