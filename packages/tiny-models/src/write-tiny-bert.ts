import path from 'node:path';
import { createBertTokenizer } from './bert-tokenizer.js';
import { DEFAULT_CORPUS } from './default-corpus.js';
import { encodeTinyBertGraph } from './tiny-bert-graph.js';
import type { TinyModelInfo } from './tiny-model-info.js';
import { jsonFile, writeModelFiles } from './write-model-files.js';

export interface TinyBertOptions {
  /** Hidden size (the embedding dimension). Default 64. */
  hidden?: number;
  /** Attention heads; must divide `hidden`. Default 4. */
  heads?: number;
  /** Encoder layers. Default 2. */
  layers?: number;
  /** Feed-forward (intermediate) size. Default 2 × hidden. */
  ff?: number;
  /** Unused tokens appended to the vocabulary, to emulate a real vocabulary size. Default 0. */
  extraVocab?: number;
  /** Position embeddings, the longest sequence. Default 128. */
  maxPositions?: number;
  /** Seed of the weights. Default 2. */
  seed?: number;
  /** The text whose words join the vocabulary. */
  corpus?: string;
  /** `_name_or_path` in config.json. Default the directory's name. */
  name?: string;
  /**
   * Default true. False writes an encoder without the masked-LM head, which only serves
   * `feature-extraction` (like all-MiniLM-L6-v2's sentence-transformers export): the head's
   * vocabulary-wide projection is as much work per token as the whole MiniLM-sized encoder.
   */
  maskedLmHead?: boolean;
}

/**
 * Writes a tiny random-weight BERT-style model that transformers.js loads as
 * `feature-extraction` (last_hidden_state) and as `fill-mask` (logits) from one ONNX file:
 * config.json, tokenizer.json (WordPiece), tokenizer_config.json, onnx/model.onnx.
 * MiniLM's shape is `{ hidden: 384, heads: 12, layers: 6, ff: 1536, extraVocab: 30_000 }`.
 * The output is byte-identical for the same options.
 */
export function writeTinyBert(directory: string, options: TinyBertOptions = {}): TinyModelInfo {
  const hidden = options.hidden ?? 64;
  const heads = options.heads ?? 4;
  const layers = options.layers ?? 2;
  const ff = options.ff ?? 2 * hidden;
  const maxPositions = options.maxPositions ?? 128;
  const typeVocabularySize = 2;
  const tokenizer = createBertTokenizer(
    options.corpus ?? DEFAULT_CORPUS,
    options.extraVocab ?? 0,
    maxPositions,
  );
  const absoluteDirectory = path.resolve(directory);

  const config = {
    _name_or_path: options.name ?? path.basename(absoluteDirectory),
    architectures: [options.maskedLmHead === false ? 'BertModel' : 'BertForMaskedLM'],
    model_type: 'bert',
    vocab_size: tokenizer.vocabularySize,
    hidden_size: hidden,
    num_attention_heads: heads,
    num_hidden_layers: layers,
    intermediate_size: ff,
    hidden_act: 'gelu',
    max_position_embeddings: maxPositions,
    type_vocab_size: typeVocabularySize,
    layer_norm_eps: 1e-12,
    pad_token_id: tokenizer.padId,
  };
  const model = encodeTinyBertGraph({
    hidden,
    heads,
    layers,
    ff,
    vocabularySize: tokenizer.vocabularySize,
    maxPositions,
    typeVocabularySize,
    seed: options.seed ?? 2,
    logitBias: Float32Array.from(tokenizer.kinds, (kind) => (kind === 'piece' ? 0 : -20)),
    maskedLmHead: options.maskedLmHead ?? true,
  });
  const files = writeModelFiles(absoluteDirectory, {
    'config.json': jsonFile(config),
    'tokenizer.json': jsonFile(tokenizer.tokenizer),
    'tokenizer_config.json': jsonFile(tokenizer.tokenizerConfig),
    'onnx/model.onnx': model,
  });
  return { directory: absoluteDirectory, files, vocabularySize: tokenizer.vocabularySize, config };
}
