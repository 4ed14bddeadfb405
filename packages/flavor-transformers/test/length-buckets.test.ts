import { describe, expect, it } from 'vitest';
import { planLengthBuckets, type LengthBucketSettings } from '../src/index.js';

const SETTINGS: LengthBucketSettings = { callCostTokens: 32, maxBucketSize: 64 };

/** What a plan costs in the planner's units: a call each, plus every text padded to its bucket's longest. */
function planCost(lengths: number[], buckets: number[][], settings: LengthBucketSettings): number {
  return buckets.reduce(
    (sum, bucket) =>
      sum + settings.callCostTokens + bucket.length * Math.max(...bucket.map((index) => lengths[index] ?? 0)),
    0,
  );
}

/** The least cost over every way of cutting the sorted lengths into consecutive runs (brute force). */
function bestCost(lengths: number[], settings: LengthBucketSettings): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let best = Number.POSITIVE_INFINITY;
  for (let cuts = 0; cuts < 2 ** Math.max(0, sorted.length - 1); cuts++) {
    let cost = 0;
    let start = 0;
    let valid = true;
    for (let end = 1; end <= sorted.length; end++) {
      if (end === sorted.length || (cuts & (1 << (end - 1))) !== 0) {
        if (end - start > settings.maxBucketSize) valid = false;
        cost += settings.callCostTokens + (end - start) * (sorted[end - 1] ?? 0);
        start = end;
      }
    }
    if (valid) best = Math.min(best, cost);
  }
  return best;
}

function expectEveryIndexOnce(buckets: number[][], count: number): void {
  expect(
    buckets
      .flat()
      .slice()
      .sort((a, b) => a - b),
  ).toEqual(Array.from({ length: count }, (_, index) => index));
}

describe('planLengthBuckets', () => {
  it('plans nothing for no texts, one call for texts of one length', () => {
    expect(planLengthBuckets([], SETTINGS)).toEqual([]);
    expect(planLengthBuckets([12, 12, 12, 12], SETTINGS)).toEqual([[0, 1, 2, 3]]);
  });

  it('keeps texts of close lengths together: a call costs more than their padding', () => {
    expect(planLengthBuckets([12, 10, 11], SETTINGS)).toEqual([[1, 2, 0]]);
  });

  it('splits short texts from long ones when padding the short ones would cost more than a call', () => {
    // One call: 32 + 5 × 60 = 332 padded tokens; two calls: 32 + 3 × 5 + 32 + 2 × 60 = 199.
    expect(planLengthBuckets([60, 5, 5, 60, 5], SETTINGS)).toEqual([
      [1, 2, 4],
      [0, 3],
    ]);
  });

  it('never puts more than maxBucketSize texts in one call', () => {
    const buckets = planLengthBuckets(new Array<number>(10).fill(7), {
      callCostTokens: 1000,
      maxBucketSize: 4,
    });
    expect(buckets).toHaveLength(3);
    expect(buckets.every((bucket) => bucket.length <= 4)).toBe(true);
    expectEveryIndexOnce(buckets, 10);
  });

  it('finds the cheapest cut of random lengths (checked against every possible cut)', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 60; trial++) {
      const count = 1 + Math.floor(random() * 10);
      const lengths = Array.from({ length: count }, () => 3 + Math.floor(random() * 80));
      const settings = {
        callCostTokens: Math.floor(random() * 64),
        maxBucketSize: 1 + Math.floor(random() * 6),
      };
      const buckets = planLengthBuckets(lengths, settings);
      expectEveryIndexOnce(buckets, count);
      expect(buckets.every((bucket) => bucket.length <= settings.maxBucketSize)).toBe(true);
      expect(planCost(lengths, buckets, settings)).toBe(bestCost(lengths, settings));
    }
  });
});
