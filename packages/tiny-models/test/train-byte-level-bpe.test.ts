import { describe, expect, it } from 'vitest';
import { trainByteLevelBpe } from '../src/train-byte-level-bpe.js';

describe('trainByteLevelBpe', () => {
  it('merges the most frequent pair first, ties in code-point order', () => {
    // Words "aab", "Ġaab", "Ġab": (a,b) occurs 3 times, (a,a) and (Ġ,a) twice each.
    const merges = trainByteLevelBpe('aab aab ab', 3);
    expect(merges[0]).toEqual(['a', 'b']);
    expect(merges).toHaveLength(3);
    expect(trainByteLevelBpe('aab aab ab', 3)).toEqual(merges);
  });

  it('stops when every word is one symbol', () => {
    expect(trainByteLevelBpe('ab', 10)).toEqual([['a', 'b']]);
  });

  it('works on the byte-level alphabet (spaces become Ġ)', () => {
    expect(trainByteLevelBpe('x y y', 1)).toEqual([['Ġ', 'y']]);
  });
});
