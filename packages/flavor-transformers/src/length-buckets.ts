/** How texts of different lengths are split into model calls. */
export interface LengthBucketSettings {
  /**
   * What one more model call costs, in padded tokens. A call pays a fixed price (ONNX Runtime
   * streams every weight from memory once per run, whatever the batch), so two calls are worth it
   * only when they save more padding than this. Measured on a MiniLM-shaped BERT (one ONNX
   * Runtime thread, CPU time): a run costs about 2 ms plus 0.12 ms per token without the
   * masked-LM head (4.4 ms plus 0.25 ms with it), i.e. a call is worth some 16-24 padded tokens;
   * 32 leans towards fewer calls, which also share out better over two threads. (Batches of 16
   * random 5-40-word sentences with this at 16, 32 and 64: 9.0, 8.6 and 8.9 CPU ms per embedding.)
   */
  callCostTokens: number;
  /** Texts in one call at most (bounds the size of one run's tensors). */
  maxBucketSize: number;
}

export const DEFAULT_LENGTH_BUCKETS: Readonly<LengthBucketSettings> = Object.freeze({
  callCostTokens: 32,
  maxBucketSize: 64,
});

/**
 * Groups texts into model calls so that little time goes to padding: a batch is padded to its
 * longest text, so a 10-token sentence batched with a 60-token one costs as much as a 60-token
 * one. The texts are sorted by length and cut into consecutive runs, choosing the cuts (dynamic
 * programming) that minimise `calls × callCostTokens + Σ texts × longest` over all runs.
 * Returns the groups as indices into `lengths`, each group sorted by length; together they hold
 * every index once. Equal lengths keep their order (the sort is stable).
 */
export function planLengthBuckets(
  lengths: readonly number[],
  settings: LengthBucketSettings = DEFAULT_LENGTH_BUCKETS,
): number[][] {
  const count = lengths.length;
  if (count === 0) return [];
  const maxBucketSize = Math.max(1, Math.floor(settings.maxBucketSize));
  const order = lengths
    .map((_, index) => index)
    .sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
  const sortedLength = (position: number): number => lengths[order[position] as number] as number;
  // best[end]: the least cost of the first `end` sorted texts; cut[end]: where its last run starts.
  const best = new Float64Array(count + 1);
  const cut = new Int32Array(count + 1);
  for (let end = 1; end <= count; end++) {
    // The run [start, end) is padded to its last (longest) text.
    const longest = sortedLength(end - 1);
    let bestCost = Number.POSITIVE_INFINITY;
    let bestStart = end - 1;
    for (let start = end - 1; start >= Math.max(0, end - maxBucketSize); start--) {
      const cost = (best[start] as number) + settings.callCostTokens + (end - start) * longest;
      if (cost < bestCost) {
        bestCost = cost;
        bestStart = start;
      }
    }
    best[end] = bestCost;
    cut[end] = bestStart;
  }
  const buckets: number[][] = [];
  for (let end = count; end > 0; end = cut[end] as number) {
    buckets.push(order.slice(cut[end] as number, end));
  }
  return buckets.reverse();
}
