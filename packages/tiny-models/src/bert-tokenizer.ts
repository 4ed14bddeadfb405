import { compareStrings } from './compare-strings.js';
import { specialToken } from './special-token.js';

export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Whether a token id is a word piece a fill-mask prediction may return. */
export type BertTokenKind = 'piece' | 'special' | 'unused';

export interface BertTokenizer {
  tokenizer: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabularySize: number;
  padId: number;
  kinds: BertTokenKind[];
}

const PUNCTUATION = Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const DIGITS = Array.from('0123456789');
const LETTERS = Array.from('abcdefghijklmnopqrstuvwxyz');

/**
 * A BERT-style WordPiece tokenizer (lower-casing): the specials, single characters,
 * `##` continuations, the whole words of the corpus, then `extraVocabulary` unused tokens.
 * Every lower-case ASCII text tokenizes without `[UNK]`.
 */
export function createBertTokenizer(
  corpus: string,
  extraVocabulary: number,
  maxPositions: number,
): BertTokenizer {
  const vocabulary = new Map<string, number>();
  const kinds: BertTokenKind[] = [];
  const add = (token: string, kind: BertTokenKind): void => {
    if (!vocabulary.has(token)) {
      vocabulary.set(token, vocabulary.size);
      kinds.push(kind);
    }
  };
  BERT_SPECIAL_TOKENS.forEach((token) => add(token, 'special'));
  [...PUNCTUATION, ...DIGITS, ...LETTERS].forEach((character) => add(character, 'piece'));
  [...DIGITS, ...LETTERS].forEach((character) => add(`##${character}`, 'piece'));
  const words = new Set(corpus.toLowerCase().match(/[a-z]{2,}/g) ?? []);
  [...words].sort(compareStrings).forEach((word) => add(word, 'piece'));
  for (let index = 0; index < extraVocabulary; index++) {
    add(`[unused${index}]`, 'unused');
  }
  const idOf = (token: string): number => vocabulary.get(token) ?? -1;
  const specialEntry = (token: string): Record<string, unknown> => ({
    id: token,
    ids: [idOf(token)],
    tokens: [token],
  });

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIAL_TOKENS.map((token) => specialToken(idOf(token), token)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': specialEntry('[CLS]'), '[SEP]': specialEntry('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    model_max_length: maxPositions,
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, tokenizerConfig, vocabularySize: vocabulary.size, padId: idOf('[PAD]'), kinds };
}
