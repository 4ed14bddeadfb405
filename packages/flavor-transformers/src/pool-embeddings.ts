import type { Pooling } from './embeddings-model.js';

/** A model output of shape [texts, tokens, hidden] and the attention mask [texts, tokens] of its input. */
export interface TokenStates {
  data: Float32Array;
  dims: readonly number[];
  attentionMask: BigInt64Array | Int32Array | Uint8Array | number[];
}

/** The tokens of text `row` whose attention mask is set, in order. */
function attendedTokens(mask: TokenStates['attentionMask'], row: number, tokens: number): number[] {
  const attended: number[] = [];
  for (let token = 0; token < tokens; token++) {
    if (Number(mask[row * tokens + token]) !== 0) attended.push(token);
  }
  return attended;
}

/**
 * Scales `vector` to unit L2 norm in place, with transformers.js's rounding (`Tensor.normalize`:
 * the sum of squares kept in float32, the result stored as float32), so that vectors are
 * bit-identical to the pipeline's.
 */
function normalizeInPlace(vector: Float32Array): void {
  const sumOfSquares = new Float32Array(1);
  for (const value of vector) sumOfSquares[0] = (sumOfSquares[0] as number) + value ** 2;
  const norm = Math.fround((sumOfSquares[0] as number) ** 0.5);
  for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] as number) / norm;
}

/**
 * One vector per text from token states, as the feature-extraction pipeline pools them, in
 * typed-array loops over contiguous memory (the pipeline's `mean_pooling` walks the hidden
 * states with a stride and converts a BigInt mask value per element, several ms per batch):
 * `mean` averages the attended tokens (summing in double, as the pipeline does, so the numbers
 * are bit-identical), `cls`/`first_token` take the first token, `eos`/`last_token` the last
 * attended token (the pipeline takes the last position, a padding token when the text is
 * shorter than its batch; for an unpadded text both are the same). `normalize` scales each
 * vector to unit length. Texts without attended tokens give NaN, as in the pipeline.
 */
export function poolEmbeddings(
  states: TokenStates,
  pooling: Exclude<Pooling, 'none'>,
  normalize: boolean,
): number[][] {
  const [texts = 0, tokens = 0, hidden = 0] = states.dims;
  const { data, attentionMask } = states;
  const vectors: number[][] = [];
  const vector = new Float32Array(hidden);
  const sums = new Float64Array(hidden);
  for (let row = 0; row < texts; row++) {
    const rowOffset = row * tokens * hidden;
    if (pooling === 'mean') {
      sums.fill(0);
      const attended = attendedTokens(attentionMask, row, tokens);
      for (const token of attended) {
        const offset = rowOffset + token * hidden;
        for (let dimension = 0; dimension < hidden; dimension++) {
          sums[dimension] = (sums[dimension] as number) + (data[offset + dimension] as number);
        }
      }
      for (let dimension = 0; dimension < hidden; dimension++) {
        vector[dimension] = (sums[dimension] as number) / attended.length;
      }
    } else {
      const token =
        pooling === 'cls' || pooling === 'first_token'
          ? 0
          : (attendedTokens(attentionMask, row, tokens).at(-1) ?? tokens - 1);
      vector.set(data.subarray(rowOffset + token * hidden, rowOffset + (token + 1) * hidden));
    }
    if (normalize) normalizeInPlace(vector);
    vectors.push(Array.from(vector));
  }
  return vectors;
}
