import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_NEW_TOKENS, resolveGenerationSettings } from '../src/generation-settings.js';

describe('resolveGenerationSettings', () => {
  it('defaults to the model’s own decoding and the default token budget', () => {
    expect(resolveGenerationSettings({}, {})).toEqual({
      maxNewTokens: DEFAULT_MAX_NEW_TOKENS,
      doSample: undefined,
      temperature: undefined,
      topK: undefined,
      topP: undefined,
      repetitionPenalty: undefined,
      seed: undefined,
      stop: [],
    });
  });

  it('reads temperature 0 as greedy and a positive temperature as sampling', () => {
    expect(resolveGenerationSettings({ temperature: 0 }, { do_sample: true })).toMatchObject({
      doSample: false,
      temperature: undefined,
    });
    expect(resolveGenerationSettings({ temperature: 0.7 }, {})).toMatchObject({
      doSample: true,
      temperature: 0.7,
    });
    expect(resolveGenerationSettings({ temperature: 0.7, do_sample: false }, {})).toMatchObject({
      doSample: false,
    });
  });

  it('prefers the request, then the model config', () => {
    const config = { max_new_tokens: 64, top_p: 0.5, stop: 'END', seed: 3 };
    expect(resolveGenerationSettings({ max_new_tokens: 8, top_p: null }, config)).toMatchObject({
      maxNewTokens: 8,
      topP: 0.5,
      stop: ['END'],
      seed: 3,
    });
  });

  it('refuses values of the wrong type or range, naming the field', () => {
    expect(() => resolveGenerationSettings({ max_new_tokens: 0 }, {})).toThrow("'max_new_tokens' must be");
    expect(() => resolveGenerationSettings({ max_new_tokens: 2.5 }, {})).toThrow(
      "'max_new_tokens' must be an integer",
    );
    expect(() => resolveGenerationSettings({ top_p: 0 }, {})).toThrow("'top_p' must be a number between");
    expect(() => resolveGenerationSettings({ stop: [1] }, {})).toThrow(
      "'stop' must be a string or a list of strings",
    );
    expect(() => resolveGenerationSettings({}, { temperature: 'hot' })).toThrow(
      "'model_config.temperature' must be",
    );
  });
});
