import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { TopKTopPProcessor } from '../src/top-k-top-p-processor.js';

function filtered(logits: number[], topK: number, topP: number): number[] {
  const tensor = new Tensor('float32', Float32Array.from(logits), [1, logits.length]);
  const output = new TopKTopPProcessor(topK, topP)._call([[]], tensor);
  return Array.from(output.data as Float32Array);
}

describe('TopKTopPProcessor', () => {
  it('keeps the k best logits', () => {
    expect(filtered([1, 4, 3, 2], 2, 1)).toEqual([-Infinity, 4, 3, -Infinity]);
    expect(filtered([1, 4, 3, 2], 0, 1)).toEqual([1, 4, 3, 2]);
  });

  it('keeps the fewest best tokens whose probability reaches top_p', () => {
    // Probabilities ≈ 0.64, 0.24, 0.09, 0.03.
    const logits = [Math.log(0.64), Math.log(0.24), Math.log(0.09), Math.log(0.03)].map(Math.fround);
    expect(filtered(logits, 0, 0.5).filter((value) => value > -Infinity)).toHaveLength(1);
    expect(filtered(logits, 0, 0.8).filter((value) => value > -Infinity)).toHaveLength(2);
    expect(filtered(logits, 0, 0.95).filter((value) => value > -Infinity)).toHaveLength(3);
    expect(filtered(logits, 1, 0.95).filter((value) => value > -Infinity)).toHaveLength(1);
  });

  it('filters each row of a batch on its own', () => {
    const tensor = new Tensor('float32', Float32Array.from([1, 2, 3, 3, 2, 1]), [2, 3]);
    const output = new TopKTopPProcessor(1, 1)._call([[], []], tensor);
    expect(Array.from(output.data as Float32Array)).toEqual([
      -Infinity,
      -Infinity,
      3,
      3,
      -Infinity,
      -Infinity,
    ]);
  });
});
