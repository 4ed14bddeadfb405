/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same numbers on every
 * run and every machine, so generated weights are byte-identical.
 */
export interface SeededRandom {
  /**
   * Fills `target` with values drawn uniformly from [-√3·σ, √3·σ], whose standard deviation
   * is σ. (A uniform draw is several times cheaper than a normal one, which matters for the
   * tens of millions of weights of a real-model-shaped fixture.)
   */
  fill(target: Float32Array, standardDeviation: number): void;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    fill(target: Float32Array, standardDeviation: number): void {
      const width = 2 * Math.sqrt(3) * standardDeviation;
      const low = -width / 2;
      let local = state;
      for (let index = 0; index < target.length; index++) {
        local = (local + 0x6d2b79f5) >>> 0;
        let mixed = local;
        mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
        mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
        target[index] = low + (((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296) * width;
      }
      state = local;
    },
  };
}
