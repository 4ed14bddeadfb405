import { MillraceError } from '@millrace/core';

const INVALID_JSON_PREFIX = 'Invalid input. Ensure that input is a valid JSON formatted string. Error: ';

/** The private-use area: candidates for the character that stands for NaN while parsing. */
const FIRST_PRIVATE_USE = 0xe000;
const LAST_PRIVATE_USE = 0xf8ff;

/**
 * V8 quotes a few characters of the input in some messages (`Unexpected token 'h', "hello worl"...
 * is not valid JSON`); the request body is not echoed back, so that quote is cut.
 */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /^(Unexpected token .+?), ".*"(?:\.\.\.)? is not valid JSON$/s.exec(message);
  return quoted ? `${quoted[1]} in JSON` : message;
}

function invalidJson(error: unknown): MillraceError {
  return new MillraceError('BAD_REQUEST', INVALID_JSON_PREFIX + describeParseError(error));
}

interface NonFiniteToken {
  index: number;
  token: 'NaN' | 'Infinity' | '-Infinity';
}

/** Finds the bare `NaN`, `Infinity` and `-Infinity` tokens outside string literals. */
function findNonFiniteTokens(text: string): NonFiniteToken[] {
  const tokens: NonFiniteToken[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 0x22 /* " */) {
      index++;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) index += 2;
        else if (inner === 0x22) break;
        else index++;
      }
      index++;
    } else if (code === 0x4e /* N */ && text.startsWith('NaN', index)) {
      tokens.push({ index, token: 'NaN' });
      index += 3;
    } else if (code === 0x49 /* I */ && text.startsWith('Infinity', index)) {
      tokens.push({ index, token: 'Infinity' });
      index += 8;
    } else if (code === 0x2d /* - */ && text.startsWith('-Infinity', index)) {
      tokens.push({ index, token: '-Infinity' });
      index += 9;
    } else {
      index++;
    }
  }
  return tokens;
}

/**
 * A private-use character that occurs in the text neither raw nor as a `\uXXXX` escape, so a
 * one-character string of it can only come from our own rewriting.
 */
function chooseNanSentinel(text: string): string | undefined {
  const used = new Set<number>();
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= FIRST_PRIVATE_USE && code <= LAST_PRIVATE_USE) used.add(code);
    else if (code === 0x5c /* \ */ && text.charCodeAt(index + 1) === 0x75 /* u */) {
      const escaped = Number.parseInt(text.slice(index + 2, index + 6), 16);
      if (escaped >= FIRST_PRIVATE_USE && escaped <= LAST_PRIVATE_USE) used.add(escaped);
    }
  }
  for (let code = FIRST_PRIVATE_USE; code <= LAST_PRIVATE_USE; code++) {
    if (!used.has(code)) return String.fromCharCode(code);
  }
  return undefined;
}

const REPLACEMENTS = {
  // Same length as the tokens they replace, so the parser's error positions stay true.
  Infinity: '1e999   ',
  '-Infinity': '-1e999   ',
} as const;

/**
 * Parses a JSON request body. Strict JSON goes straight through `JSON.parse`. Only when that fails
 * is the text scanned (outside string literals) for the bare `NaN`, `Infinity` and `-Infinity`
 * tokens that Python's `json` module writes and MLflow's Python clients send: `Infinity` becomes
 * `1e999` (which parses to Infinity) and `NaN` a one-character string of an unused private-use
 * character that a reviver turns back into NaN; then the text is parsed again. Failures are
 * 400 BAD_REQUEST with the parser's message, never the body.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const tokens = findNonFiniteTokens(text);
    if (tokens.length === 0) throw invalidJson(strictError);
    const hasNan = tokens.some(({ token }) => token === 'NaN');
    const sentinel = hasNan ? chooseNanSentinel(text) : '';
    if (sentinel === undefined) throw invalidJson(strictError);
    const chunks: string[] = [];
    let copiedUpTo = 0;
    for (const { index, token } of tokens) {
      chunks.push(text.slice(copiedUpTo, index), token === 'NaN' ? `"${sentinel}"` : REPLACEMENTS[token]);
      copiedUpTo = index + token.length;
    }
    chunks.push(text.slice(copiedUpTo));
    try {
      return hasNan
        ? JSON.parse(chunks.join(''), (_key, value: unknown) => (value === sentinel ? Number.NaN : value))
        : JSON.parse(chunks.join(''));
    } catch (lenientError) {
      throw invalidJson(lenientError);
    }
  }
}
