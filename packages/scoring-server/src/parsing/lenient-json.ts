import { MillraceError } from '@millrace/core';

const INVALID_JSON_PREFIX = 'Invalid input. Ensure that input is a valid JSON formatted string. Error: ';

/** First and last private-use characters: candidates for the NaN sentinel. */
const FIRST_SENTINEL_CODE = 0xe000;
const LAST_SENTINEL_CODE = 0xf8ff;

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

/** A private-use character that appears in the text neither raw nor as a `\uXXXX` escape. */
function chooseNanSentinel(text: string): string | undefined {
  let lowered: string | undefined;
  for (let code = FIRST_SENTINEL_CODE; code <= LAST_SENTINEL_CODE; code++) {
    const character = String.fromCharCode(code);
    if (text.includes(character)) continue;
    lowered ??= text.toLowerCase();
    if (lowered.includes(`\\u${code.toString(16)}`)) continue;
    return character;
  }
  return undefined;
}

/**
 * Rewrites the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's `json` module writes
 * (and MLflow's Python clients send) into strict JSON, scanning outside string literals only.
 * Each replacement has the length of the token it replaces, so parser positions stay true:
 * `Infinity` → `1e999` (which parses to Infinity), `NaN` → a one-character string of `sentinel`
 * that the reviver turns back into NaN. Returns undefined when there is nothing to rewrite.
 */
function rewriteNonFiniteTokens(text: string, sentinel: string): { text: string; hasNan: boolean } | undefined {
  const chunks: string[] = [];
  let copiedUpTo = 0;
  let hasNan = false;
  let index = 0;
  const length = text.length;
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
      continue;
    }
    let token: string | undefined;
    let replacement = '';
    if (code === 0x4e /* N */ && text.startsWith('NaN', index)) {
      token = 'NaN';
      replacement = `"${sentinel}"`;
      hasNan = true;
    } else if (code === 0x49 /* I */ && text.startsWith('Infinity', index)) {
      token = 'Infinity';
      replacement = '1e999   ';
    } else if (code === 0x2d /* - */ && text.startsWith('-Infinity', index)) {
      token = '-Infinity';
      replacement = '-1e999   ';
    }
    if (token === undefined) {
      index++;
      continue;
    }
    chunks.push(text.slice(copiedUpTo, index), replacement);
    index += token.length;
    copiedUpTo = index;
  }
  if (chunks.length === 0) return undefined;
  chunks.push(text.slice(copiedUpTo));
  return { text: chunks.join(''), hasNan };
}

/**
 * Parses a JSON request body. Strict JSON goes straight through `JSON.parse`; only when that fails
 * is the text scanned for Python's non-finite number tokens and parsed again. Failures are
 * 400 BAD_REQUEST with the parser's message, never the body.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (strictError) {
    const sentinel = chooseNanSentinel(text);
    if (sentinel === undefined) throw invalidJson(strictError);
    const rewritten = rewriteNonFiniteTokens(text, sentinel);
    if (rewritten === undefined) throw invalidJson(strictError);
    try {
      return rewritten.hasNan
        ? JSON.parse(rewritten.text, (_key, value: unknown) => (value === sentinel ? Number.NaN : value))
        : JSON.parse(rewritten.text);
    } catch (lenientError) {
      throw invalidJson(lenientError);
    }
  }
}
