import { describe, expect, it } from 'vitest';
import { findStop, heldBackLength } from '../src/stop-sequences.js';
import { TextTracker } from '../src/text-tracker.js';

describe('findStop', () => {
  it('finds the earliest stop string', () => {
    expect(findStop('abc STOP def END', ['END', 'STOP'])).toBe(4);
    expect(findStop('abc', ['x'])).toBeUndefined();
    expect(findStop('abc', [])).toBeUndefined();
  });
});

describe('heldBackLength', () => {
  it('holds back the longest start of a stop string at the end', () => {
    expect(heldBackLength('hello wor', ['world'])).toBe(3);
    expect(heldBackLength('hello w', ['world', 'wx'])).toBe(1);
    expect(heldBackLength('hello', ['world'])).toBe(0);
  });

  it('holds back an unfinished UTF-8 character', () => {
    expect(heldBackLength('caf\uFFFD', [])).toBe(1);
  });
});

describe('TextTracker', () => {
  const vocabulary = ['He', 'llo', ' wo', 'rld', '!', ' and', ' more'];
  const decode = (ids: bigint[]): string => ids.map((id) => vocabulary[Number(id)] ?? '').join('');

  function track(
    ids: number[],
    stops: string[],
  ): { pieces: string[]; text: string; stopped: boolean; tokens: number } {
    const pieces: string[] = [];
    const tracker = new TextTracker(decode, stops, (piece) => pieces.push(piece));
    for (const id of ids) {
      if (tracker.stopped) {
        break;
      }
      tracker.add(BigInt(id));
    }
    return { pieces, text: tracker.finish(), stopped: tracker.stopped, tokens: tracker.tokenCount };
  }

  it('shows each token’s text as it comes without stops', () => {
    const result = track([0, 1, 2, 3], []);
    expect(result.pieces).toEqual(['He', 'llo', ' wo', 'rld']);
    expect(result.text).toBe('Hello world');
    expect(result.stopped).toBe(false);
  });

  it('holds back a possible stop string and drops it once complete', () => {
    const result = track([0, 1, 2, 3, 4, 5], ['world']);
    expect(result.text).toBe('Hello ');
    expect(result.pieces.join('')).toBe('Hello ');
    expect(result.stopped).toBe(true);
    expect(result.tokens).toBe(4);
  });

  it('releases held-back text that did not become a stop string', () => {
    const result = track([0, 1, 2, 4, 5], [' wonder']);
    expect(result.pieces).toEqual(['He', 'llo', ' wo!', ' and']);
    expect(result.text).toBe('Hello wo! and');
  });
});
