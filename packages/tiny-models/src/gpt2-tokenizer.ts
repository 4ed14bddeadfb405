import { BYTE_TO_SYMBOL, symbolsToBytes } from './byte-level-alphabet.js';
import { specialToken } from './special-token.js';
import { trainByteLevelBpe } from './train-byte-level-bpe.js';

export const END_OF_TEXT = '<|endoftext|>';
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';

/** ChatML, as many small chat models use it. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** What kind of output a token id may be when random weights pick it. */
export type Gpt2TokenKind = 'printable' | 'unprintable' | 'end' | 'special' | 'unused';

export interface Gpt2Tokenizer {
  /** tokenizer.json */
  tokenizer: Record<string, unknown>;
  /** tokenizer_config.json */
  tokenizerConfig: Record<string, unknown>;
  vocabularySize: number;
  endOfTextId: number;
  imStartId: number;
  imEndId: number;
  /** The kind of every token id, by id. */
  kinds: Gpt2TokenKind[];
}

function isPrintableAscii(bytes: number[]): boolean {
  return bytes.every((byte) => byte >= 0x20 && byte <= 0x7e);
}

/**
 * A GPT-2-style byte-level BPE tokenizer: the 256 byte symbols (id = byte value), the merges
 * learnt from the corpus, the ChatML specials, then `extraVocabulary` unreachable tokens that
 * only make the vocabulary as large as a real model's.
 */
export function createGpt2Tokenizer(
  corpus: string,
  mergeCount: number,
  extraVocabulary: number,
  maxPositions: number,
): Gpt2Tokenizer {
  const vocabulary = new Map<string, number>();
  const kinds: Gpt2TokenKind[] = [];
  const add = (token: string, kind: Gpt2TokenKind): number => {
    const id = vocabulary.size;
    vocabulary.set(token, id);
    kinds.push(kind);
    return id;
  };
  BYTE_TO_SYMBOL.forEach((symbol, byte) =>
    add(symbol, isPrintableAscii([byte]) ? 'printable' : 'unprintable'),
  );

  const merges = trainByteLevelBpe(corpus, mergeCount);
  for (const [left, right] of merges) {
    const token = left + right;
    if (!vocabulary.has(token)) {
      add(token, isPrintableAscii(symbolsToBytes(token)) ? 'printable' : 'unprintable');
    }
  }
  const endOfTextId = add(END_OF_TEXT, 'end');
  const imStartId = add(IM_START, 'special');
  const imEndId = add(IM_END, 'end');
  for (let index = 0; index < extraVocabulary; index++) {
    add(`<|unused_${index}|>`, 'unused');
  }

  const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      specialToken(endOfTextId, END_OF_TEXT),
      specialToken(imStartId, IM_START),
      specialToken(imEndId, IM_END),
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: { type: 'ByteLevel', ...byteLevel, trim_offsets: false },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocabulary),
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'GPT2Tokenizer',
    add_bos_token: false,
    add_prefix_space: false,
    bos_token: END_OF_TEXT,
    eos_token: END_OF_TEXT,
    pad_token: END_OF_TEXT,
    unk_token: END_OF_TEXT,
    model_max_length: maxPositions,
    clean_up_tokenization_spaces: false,
    chat_template: CHATML_TEMPLATE,
  };
  return {
    tokenizer,
    tokenizerConfig,
    vocabularySize: vocabulary.size,
    endOfTextId,
    imStartId,
    imEndId,
    kinds,
  };
}
