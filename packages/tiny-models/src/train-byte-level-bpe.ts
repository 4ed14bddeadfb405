import { compareStrings } from './compare-strings.js';
import { textToSymbols } from './byte-level-alphabet.js';

/** GPT-2's pre-tokenization pattern: contractions, letters, digits, other runs, spaces. */
const PRE_TOKENIZATION = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/**
 * Learns `mergeCount` byte-level BPE merges from a corpus, the way BPE training does: count
 * adjacent symbol pairs inside pre-tokenized words (weighted by word frequency), merge the
 * most frequent pair everywhere, repeat. Ties go to the smaller pair in code-point order,
 * so the result is the same on every run. Stops early when no pair is left.
 */
export function trainByteLevelBpe(corpus: string, mergeCount: number): Array<[string, string]> {
  const wordCounts = new Map<string, number>();
  for (const match of corpus.matchAll(PRE_TOKENIZATION)) {
    const word = textToSymbols(match[0]);
    wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const words = [...wordCounts.entries()]
    .sort(([left], [right]) => compareStrings(left, right))
    .map(([word, count]) => ({ symbols: Array.from(word), count }));

  const merges: Array<[string, string]> = [];
  while (merges.length < mergeCount) {
    const pairCounts = new Map<string, { pair: [string, string]; count: number }>();
    for (const word of words) {
      for (let index = 0; index + 1 < word.symbols.length; index++) {
        const pair: [string, string] = [word.symbols[index] ?? '', word.symbols[index + 1] ?? ''];
        const key = `${pair[0]} ${pair[1]}`;
        const entry = pairCounts.get(key);
        if (entry === undefined) {
          pairCounts.set(key, { pair, count: word.count });
        } else {
          entry.count += word.count;
        }
      }
    }
    let best: { pair: [string, string]; count: number; key: string } | undefined;
    for (const [key, entry] of pairCounts) {
      if (
        best === undefined ||
        entry.count > best.count ||
        (entry.count === best.count && compareStrings(key, best.key) < 0)
      ) {
        best = { ...entry, key };
      }
    }
    if (best === undefined) {
      break;
    }
    const [left, right] = best.pair;
    merges.push([left, right]);
    for (const word of words) {
      const merged: string[] = [];
      for (let index = 0; index < word.symbols.length; index++) {
        if (word.symbols[index] === left && word.symbols[index + 1] === right) {
          merged.push(left + right);
          index++;
        } else {
          merged.push(word.symbols[index] ?? '');
        }
      }
      word.symbols = merged;
    }
  }
  return merges;
}
