import { GatewayHttpError } from '../../http/gateway-http-error.js';

/** The texts of an embeddings request: a string or a list of strings (token-id arrays are OpenAI-only: 422). */
export function embeddingTexts(input: unknown, vendor: string): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) {
    return input as string[];
  }
  throw GatewayHttpError.unprocessable(
    `${vendor} embeds text: input must be a string or a non-empty list of strings (token arrays are not supported).`,
  );
}

function floatVectorBase64(vector: readonly number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/**
 * MLflow's embeddings response. `encoding_format: "base64"` (what the OpenAI SDKs ask by default)
 * is honoured for vendors that only return floats: little-endian float32, base64, as OpenAI sends.
 */
export function embeddingsResponse(
  vectors: readonly (readonly number[])[],
  model: string,
  promptTokens: number | null,
  encodingFormat: unknown,
): unknown {
  const base64 = encodingFormat === 'base64';
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      embedding: base64 ? floatVectorBase64(vector) : vector,
      index,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** Whether a value is a list of numbers (one embedding vector). */
export function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
