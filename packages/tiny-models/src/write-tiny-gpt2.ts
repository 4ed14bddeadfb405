import path from 'node:path';
import { DEFAULT_CORPUS } from './default-corpus.js';
import { createGpt2Tokenizer, type Gpt2TokenKind } from './gpt2-tokenizer.js';
import { encodeTinyGpt2Graph } from './tiny-gpt2-graph.js';
import type { TinyModelInfo } from './tiny-model-info.js';
import { jsonFile, writeModelFiles } from './write-model-files.js';

export interface TinyGpt2Options {
  /** Hidden size (n_embd). Default 64. */
  hidden?: number;
  /** Attention heads (n_head); must divide `hidden`. Default 4. */
  heads?: number;
  /** Decoder layers (n_layer). Default 2. */
  layers?: number;
  /** Feed-forward size (n_inner). Default 4 × hidden. */
  ff?: number;
  /** Unreachable tokens appended to the vocabulary, to emulate a real vocabulary size. Default 0. */
  extraVocab?: number;
  /** BPE merges learnt from the corpus. Default 64. */
  merges?: number;
  /** Position embeddings (n_positions), the longest sequence. Default 512. */
  maxPositions?: number;
  /** Seed of the weights. Default 1. */
  seed?: number;
  /** The text the BPE merges are learnt from. */
  corpus?: string;
  /**
   * Logit bias of the end tokens (`<|endoftext|>`, `<|im_end|>`). The default, -20, keeps
   * random weights from ending generation, so it always runs to `max_new_tokens`; a large
   * positive value makes the model end at once.
   */
  endTokenBias?: number;
  /** `_name_or_path` in config.json. Default the directory's name. */
  name?: string;
}

/** Logit bias by token kind: random output stays printable ASCII. */
function logitBias(kinds: Gpt2TokenKind[], endTokenBias: number): Float32Array {
  return Float32Array.from(kinds, (kind) => {
    switch (kind) {
      case 'printable':
        return 0;
      case 'end':
        return endTokenBias;
      default:
        return -20;
    }
  });
}

/**
 * Writes a tiny random-weight GPT-2-style model that transformers.js loads as
 * `text-generation`: config.json, generation_config.json, tokenizer.json,
 * tokenizer_config.json (ChatML chat template) and onnx/model.onnx (with a KV cache).
 * The output is byte-identical for the same options.
 */
export function writeTinyGpt2(directory: string, options: TinyGpt2Options = {}): TinyModelInfo {
  const hidden = options.hidden ?? 64;
  const heads = options.heads ?? 4;
  const layers = options.layers ?? 2;
  const ff = options.ff ?? 4 * hidden;
  const maxPositions = options.maxPositions ?? 512;
  const tokenizer = createGpt2Tokenizer(
    options.corpus ?? DEFAULT_CORPUS,
    options.merges ?? 64,
    options.extraVocab ?? 0,
    maxPositions,
  );
  const absoluteDirectory = path.resolve(directory);

  const config = {
    _name_or_path: options.name ?? path.basename(absoluteDirectory),
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: tokenizer.vocabularySize,
    n_positions: maxPositions,
    n_ctx: maxPositions,
    n_embd: hidden,
    n_head: heads,
    n_layer: layers,
    n_inner: ff,
    activation_function: 'gelu',
    layer_norm_epsilon: 1e-5,
    bos_token_id: tokenizer.endOfTextId,
    eos_token_id: tokenizer.endOfTextId,
    pad_token_id: tokenizer.endOfTextId,
    tie_word_embeddings: false,
    use_cache: true,
  };
  const generationConfig = {
    bos_token_id: tokenizer.endOfTextId,
    eos_token_id: [tokenizer.endOfTextId, tokenizer.imEndId],
    pad_token_id: tokenizer.endOfTextId,
  };
  const model = encodeTinyGpt2Graph({
    hidden,
    heads,
    layers,
    ff,
    vocabularySize: tokenizer.vocabularySize,
    maxPositions,
    seed: options.seed ?? 1,
    logitBias: logitBias(tokenizer.kinds, options.endTokenBias ?? -20),
  });
  const files = writeModelFiles(absoluteDirectory, {
    'config.json': jsonFile(config),
    'generation_config.json': jsonFile(generationConfig),
    'tokenizer.json': jsonFile(tokenizer.tokenizer),
    'tokenizer_config.json': jsonFile(tokenizer.tokenizerConfig),
    'onnx/model.onnx': model,
  });
  return { directory: absoluteDirectory, files, vocabularySize: tokenizer.vocabularySize, config };
}
