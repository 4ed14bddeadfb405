import { readBoolean, readInteger, readNumber, readStringList } from './read-value.js';

/** How many tokens a generation may add when neither the request nor the model config says. */
export const DEFAULT_MAX_NEW_TOKENS = 256;

/** Generation knobs as a request (or the model config) gives them; null or absent = not set. */
export interface GenerationKnobs {
  max_new_tokens?: unknown;
  temperature?: unknown;
  top_p?: unknown;
  top_k?: unknown;
  do_sample?: unknown;
  repetition_penalty?: unknown;
  seed?: unknown;
  stop?: unknown;
}

/** The resolved settings of one generation. */
export interface GenerationSettings {
  maxNewTokens: number;
  /** Sample (true), decode greedily (false), or follow the model's generation_config.json (undefined). */
  doSample: boolean | undefined;
  temperature: number | undefined;
  topK: number | undefined;
  topP: number | undefined;
  repetitionPenalty: number | undefined;
  /** Seeds sampling, for reproducible output. */
  seed: number | undefined;
  /** Strings that end the output (not included in it). */
  stop: string[];
}

function readKnobs(knobs: GenerationKnobs, source: string): Partial<GenerationSettings> {
  const field = (name: string): string => (source === '' ? name : `${source}.${name}`);
  return {
    maxNewTokens: readInteger(knobs.max_new_tokens, field('max_new_tokens'), 1),
    temperature: readNumber(knobs.temperature, field('temperature'), 0),
    topP: readNumber(knobs.top_p, field('top_p'), Number.MIN_VALUE, 1),
    topK: readInteger(knobs.top_k, field('top_k'), 0),
    doSample: readBoolean(knobs.do_sample, field('do_sample')),
    repetitionPenalty: readNumber(knobs.repetition_penalty, field('repetition_penalty'), Number.MIN_VALUE),
    seed: readInteger(knobs.seed, field('seed'), 0),
    stop: readStringList(knobs.stop, field('stop')),
  };
}

/**
 * Resolves the settings of a generation: the request's knobs first, then the model config saved
 * with the model (`node_function.config`), then the defaults. `temperature: 0` means greedy
 * decoding; a positive temperature means sampling unless `do_sample` is false.
 */
export function resolveGenerationSettings(
  request: GenerationKnobs,
  modelConfig: Record<string, unknown>,
): GenerationSettings {
  const given = readKnobs(request, '');
  const configured = readKnobs(modelConfig, 'model_config');
  const temperature = given.temperature ?? configured.temperature;
  const explicitSample = given.doSample ?? configured.doSample;
  let doSample: boolean | undefined;
  if (temperature === 0) {
    doSample = false;
  } else if (explicitSample !== undefined) {
    doSample = explicitSample;
  } else if (temperature !== undefined) {
    doSample = true;
  }
  return {
    maxNewTokens: given.maxNewTokens ?? configured.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS,
    doSample,
    temperature: temperature === 0 ? undefined : temperature,
    topK: given.topK ?? configured.topK,
    topP: given.topP ?? configured.topP,
    repetitionPenalty: given.repetitionPenalty ?? configured.repetitionPenalty,
    seed: given.seed ?? configured.seed,
    stop: given.stop ?? configured.stop ?? [],
  };
}
