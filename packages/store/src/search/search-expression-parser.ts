import { MillraceError } from '@millrace/core';

/*
 * The search grammar of MLflow's search APIs, tokenized and parsed by hand:
 *
 *   filter      := comparison ( AND comparison )*
 *   comparison  := identifier comparator value?
 *   comparator  := = | == | != | <> | < | <= | > | >= | LIKE | ILIKE | IN | NOT IN | IS NULL | IS NOT NULL
 *   value       := 'string' | "string" | number | ( value , ... ) | bare-word
 *   identifier  := [entity .] key     -- key bare, or quoted with `backticks` or "double quotes"
 *   order_by    := identifier [ASC | DESC]
 *
 * Keywords are case-insensitive. OR, NOT (other than NOT IN) and parentheses around comparisons are
 * refused. The parser knows nothing about entities: each search checks the comparisons it gets
 * (see run-search-filter.ts and experiment-search-filter.ts).
 */

type TokenKind = 'identifier' | 'string' | 'number' | 'operator' | 'keyword' | 'open' | 'close' | 'comma';

interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** identifier: the part before the first dot, if any. */
  prefix?: string;
  /** identifier: the key (unquoted); string: the unescaped value; keyword: upper-cased. */
  value: string;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'NULL', 'ASC', 'DESC']);
const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>'];
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[\w.]/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

function invalidClauses(parts: string[]): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid clause(s) in filter string: ${parts.map((part) => `'${part}'`).join(', ')}`,
  );
}

/** Reads a quoted run starting at `start` (the quote); doubled quotes and backslashes escape. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text.charAt(start);
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const character = text.charAt(index);
    if (character === '\\' && index + 1 < text.length) {
      value += text.charAt(index + 1);
      index += 2;
    } else if (character === quote) {
      if (text.charAt(index + 1) === quote) {
        value += quote;
        index += 2;
      } else {
        return { value, end: index + 1 };
      }
    } else {
      value += character;
      index += 1;
    }
  }
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid filter string: unterminated quote in '${text}'.`,
  );
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const character = text.charAt(index);
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    const start = index;
    if (character === '(' || character === ')' || character === ',') {
      tokens.push({
        kind: character === '(' ? 'open' : character === ')' ? 'close' : 'comma',
        text: character,
        value: character,
      });
      index += 1;
      continue;
    }
    if (character === '`') {
      const quoted = readQuoted(text, index);
      tokens.push({ kind: 'identifier', text: text.slice(start, quoted.end), value: quoted.value });
      index = quoted.end;
      continue;
    }
    if (character === "'" || character === '"') {
      const quoted = readQuoted(text, index);
      tokens.push({ kind: 'string', text: text.slice(start, quoted.end), value: quoted.value });
      index = quoted.end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
    if (operator !== undefined) {
      tokens.push({ kind: 'operator', text: operator, value: operator });
      index += operator.length;
      continue;
    }
    const number = NUMBER.exec(text.slice(index));
    if (number !== null && !WORD_START.test(text.charAt(index + number[0].length))) {
      tokens.push({ kind: 'number', text: number[0], value: number[0] });
      index += number[0].length;
      continue;
    }
    if (WORD_START.test(character)) {
      while (index < text.length && WORD_PART.test(text.charAt(index))) index += 1;
      const word = text.slice(start, index);
      const upper = word.toUpperCase();
      if (!word.includes('.') && KEYWORDS.has(upper)) {
        tokens.push({ kind: 'keyword', text: word, value: upper });
        continue;
      }
      if (word.endsWith('.') && (text.charAt(index) === '`' || text.charAt(index) === '"')) {
        // entity.`quoted key` or entity."quoted key"
        const quoted = readQuoted(text, index);
        index = quoted.end;
        tokens.push({
          kind: 'identifier',
          text: text.slice(start, index),
          prefix: word.slice(0, -1),
          value: quoted.value,
        });
        continue;
      }
      const dot = word.indexOf('.');
      tokens.push(
        dot === -1
          ? { kind: 'identifier', text: word, value: word }
          : { kind: 'identifier', text: word, prefix: word.slice(0, dot), value: word.slice(dot + 1) },
      );
      continue;
    }
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid filter string '${text}': unexpected character '${character}' at position ${index}.`,
    );
  }
  return tokens;
}

/** A value on the right of a comparator. */
export type SearchValue =
  | { kind: 'string'; value: string; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'list'; values: SearchValue[]; text: string }
  /** An unquoted word: never valid, kept so that each search can say why. */
  | { kind: 'word'; text: string };

export type SearchComparator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

export interface SearchIdentifier {
  /** The entity prefix as written (`metrics`, `tag`, `attributes`), absent for a bare key. */
  entity?: string;
  key: string;
  /** The identifier as written. */
  text: string;
}

export interface SearchComparison {
  identifier: SearchIdentifier;
  comparator: SearchComparator;
  /** Absent for IS NULL / IS NOT NULL. */
  value?: SearchValue;
}

class TokenCursor {
  #index = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  next(): Token | undefined {
    const token = this.tokens[this.#index];
    if (token !== undefined) this.#index += 1;
    return token;
  }

  done(): boolean {
    return this.#index >= this.tokens.length;
  }

  isKeyword(word: string): boolean {
    const token = this.peek();
    return token?.kind === 'keyword' && token.value === word;
  }
}

function toIdentifier(token: Token): SearchIdentifier {
  return token.prefix === undefined
    ? { key: token.value, text: token.text }
    : { entity: token.prefix, key: token.value, text: token.text };
}

function parseComparator(cursor: TokenCursor, seen: string[]): SearchComparator {
  const token = cursor.next();
  if (token === undefined) throw invalidClauses(seen);
  seen.push(token.text);
  if (token.kind === 'operator') return (token.value === '<>' ? '!=' : token.value) as SearchComparator;
  if (token.kind === 'keyword') {
    if (token.value === 'LIKE' || token.value === 'ILIKE' || token.value === 'IN') return token.value;
    if (token.value === 'NOT' && cursor.isKeyword('IN')) {
      seen.push(cursor.next()?.text ?? 'IN');
      return 'NOT IN';
    }
    if (token.value === 'IS') {
      if (cursor.isKeyword('NULL')) {
        seen.push(cursor.next()?.text ?? 'NULL');
        return 'IS NULL';
      }
      if (cursor.isKeyword('NOT')) {
        const not = cursor.next();
        if (cursor.isKeyword('NULL')) {
          seen.push(`${not?.text ?? 'NOT'} ${cursor.next()?.text ?? 'NULL'}`);
          return 'IS NOT NULL';
        }
      }
    }
  }
  throw invalidClauses(seen);
}

function parseList(cursor: TokenCursor, open: Token, seen: string[]): SearchValue {
  const values: SearchValue[] = [];
  const texts: string[] = [];
  for (;;) {
    const token = cursor.next();
    if (token === undefined) throw invalidClauses([...seen, `${open.text}${texts.join(', ')}`]);
    if (token.kind === 'string') values.push({ kind: 'string', value: token.value, text: token.text });
    else if (token.kind === 'number')
      values.push({ kind: 'number', value: Number(token.value), text: token.text });
    else {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid list in filter string: ${token.text} is not a quoted string or a number. Write lists as ('a', 'b').`,
      );
    }
    texts.push(token.text);
    const separator = cursor.next();
    if (separator?.kind === 'close') break;
    if (separator?.kind !== 'comma') throw invalidClauses([...seen, `(${texts.join(', ')}`]);
  }
  return { kind: 'list', values, text: `(${texts.join(', ')})` };
}

function parseValue(cursor: TokenCursor, seen: string[]): SearchValue {
  const token = cursor.next();
  if (token === undefined) throw invalidClauses(seen);
  switch (token.kind) {
    case 'string':
      return { kind: 'string', value: token.value, text: token.text };
    case 'number':
      return { kind: 'number', value: Number(token.value), text: token.text };
    case 'open':
      return parseList(cursor, token, seen);
    case 'identifier':
    case 'keyword':
      return { kind: 'word', text: token.text };
    default:
      throw invalidClauses([...seen, token.text]);
  }
}

function parseComparison(cursor: TokenCursor): SearchComparison {
  const first = cursor.next();
  if (first === undefined) throw invalidClauses([]);
  if (first.kind !== 'identifier') {
    if (first.kind === 'open') {
      throw invalidClauses([
        cursor.tokens
          .slice(cursor.tokens.indexOf(first))
          .map((token) => token.text)
          .join(' '),
      ]);
    }
    throw invalidClauses([first.text]);
  }
  const seen = [first.text];
  const comparator = parseComparator(cursor, seen);
  const identifier = toIdentifier(first);
  if (comparator === 'IS NULL' || comparator === 'IS NOT NULL') return { identifier, comparator };
  return { identifier, comparator, value: parseValue(cursor, seen) };
}

/**
 * Parses a search filter into its comparisons (a conjunction). An empty or blank filter has none.
 * Syntax errors are INVALID_PARAMETER_VALUE naming the offending clause.
 */
export function parseSearchFilter(filter: string | undefined): SearchComparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  const cursor = new TokenCursor(tokenize(filter));
  const comparisons = [parseComparison(cursor)];
  while (!cursor.done()) {
    const token = cursor.next();
    if (token?.kind !== 'keyword' || token.value !== 'AND') throw invalidClauses([token?.text ?? '']);
    if (cursor.done()) throw invalidClauses([token.text]);
    comparisons.push(parseComparison(cursor));
  }
  return comparisons;
}

export interface OrderByClause {
  identifier: SearchIdentifier;
  ascending: boolean;
  /** The clause as written. */
  text: string;
}

/**
 * Parses one `order_by` item: `<identifier> [ASC|DESC]` (ASC when omitted; keywords any case).
 */
export function parseOrderByClause(clause: string): OrderByClause {
  const couldNotParse = () =>
    new MillraceError('INVALID_PARAMETER_VALUE', `Invalid order_by clause '${clause}'. Could not be parsed.`);
  let tokens: Token[];
  try {
    tokens = tokenize(clause);
  } catch {
    throw couldNotParse();
  }
  const [first, direction, ...rest] = tokens;
  if (first === undefined || first.kind !== 'identifier' || rest.length > 0) throw couldNotParse();
  if (
    direction !== undefined &&
    (direction.kind !== 'keyword' || (direction.value !== 'ASC' && direction.value !== 'DESC'))
  ) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid ordering key in order_by clause '${clause}'.`,
    );
  }
  return { identifier: toIdentifier(first), ascending: direction?.value !== 'DESC', text: clause };
}
