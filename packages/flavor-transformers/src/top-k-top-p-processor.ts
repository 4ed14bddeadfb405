import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/**
 * Keeps, per row of logits, the `topK` best tokens (0 = all) and then the smallest set of them
 * whose probabilities reach `topP`; the others get -Infinity. This is the top-k then top-p
 * filtering of Hugging Face's samplers (transformers.js 4.3 declares a top-p warper but never
 * applies it, so the flavor does the filtering itself and leaves the sampler's own top_k at 0).
 */
export class TopKTopPProcessor extends LogitsProcessor {
  constructor(
    private readonly topK: number,
    private readonly topP: number,
  ) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocabulary = logits.dims.at(-1) ?? data.length;
    for (let offset = 0; offset < data.length; offset += vocabulary) {
      this.filterRow(data.subarray(offset, offset + vocabulary));
    }
    return logits;
  }

  private filterRow(row: Float32Array): void {
    const order = Array.from(row.keys()).sort((left, right) => (row[right] ?? 0) - (row[left] ?? 0));
    let keep = this.topK > 0 ? Math.min(this.topK, order.length) : order.length;
    if (this.topP < 1) {
      const best = row[order[0] ?? 0] ?? 0;
      const weights = order.slice(0, keep).map((index) => Math.exp((row[index] ?? 0) - best));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let cumulative = 0;
      let count = 0;
      while (count < weights.length && cumulative < this.topP * total) {
        cumulative += weights[count] ?? 0;
        count += 1;
      }
      keep = Math.max(1, count);
    }
    for (const index of order.slice(keep)) {
      row[index] = -Infinity;
    }
  }
}
