/**
 * A JSON parser that keeps int64 values exact: an integer literal beyond ±2^53 becomes a bigint
 * (JSON.parse would round it). It also accepts the bare `NaN`, `Infinity` and `-Infinity` tokens
 * Python's json module writes. Text without long digit runs or those tokens goes straight through
 * JSON.parse. Throws SyntaxError on malformed input.
 */

/**
 * An integer literal of 16 or more digits may exceed 2^53 (9007199254740992 has 16); digits after a
 * decimal point do not matter. Digit runs inside strings only cost the slower path.
 */
const LONG_INTEGER = /(?:^|[^\d.])\d{16,}(?![\d.eE])/;
/** A bare NaN / Infinity token (not the quoted strings "NaN", "Infinity" the proto JSON uses). */
const BARE_NON_FINITE = /(?:^|[^"\w])-?(?:NaN|Infinity)(?!\w)/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonReader {
  #index = 0;
  constructor(readonly text: string) {}

  parse(): unknown {
    const value = this.#value();
    this.#skipWhitespace();
    if (this.#index !== this.text.length) this.#fail('Unexpected data after the JSON value');
    return value;
  }

  #fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.#index}`);
  }

  #skipWhitespace(): void {
    const text = this.text;
    while (this.#index < text.length) {
      const code = text.charCodeAt(this.#index);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.#index++;
    }
  }

  #value(): unknown {
    this.#skipWhitespace();
    const character = this.text.charAt(this.#index);
    switch (character) {
      case '{':
        return this.#object();
      case '[':
        return this.#array();
      case '"':
        return this.#string();
      case 't':
        return this.#literal('true', true);
      case 'f':
        return this.#literal('false', false);
      case 'n':
        return this.#literal('null', null);
      case 'N':
        return this.#literal('NaN', Number.NaN);
      case 'I':
        return this.#literal('Infinity', Number.POSITIVE_INFINITY);
      default:
        if (character === '-' && this.text.startsWith('-Infinity', this.#index)) {
          return this.#literal('-Infinity', Number.NEGATIVE_INFINITY);
        }
        return this.#number();
    }
  }

  #literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.#index)) this.#fail('Unexpected token');
    this.#index += word.length;
    return value;
  }

  #number(): number | bigint {
    NUMBER.lastIndex = this.#index;
    const match = NUMBER.exec(this.text);
    if (match === null || match[0] === '' || match[0] === '-') this.#fail('Unexpected token');
    const literal = match[0];
    this.#index += literal.length;
    if (/^-?\d+$/.test(literal)) {
      const value = Number(literal);
      return Number.isSafeInteger(value) ? value : BigInt(literal);
    }
    return Number(literal);
  }

  #string(): string {
    // Find the closing quote; let JSON.parse decode the escapes of the literal.
    const start = this.#index;
    let index = start + 1;
    const text = this.text;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 0x5c) index += 2;
      else if (code === 0x22) break;
      else index++;
    }
    if (index >= text.length) this.#fail('Unterminated string');
    this.#index = index + 1;
    return JSON.parse(text.slice(start, index + 1)) as string;
  }

  #array(): unknown[] {
    this.#index++;
    const items: unknown[] = [];
    this.#skipWhitespace();
    if (this.text.charAt(this.#index) === ']') {
      this.#index++;
      return items;
    }
    for (;;) {
      items.push(this.#value());
      this.#skipWhitespace();
      const separator = this.text.charAt(this.#index++);
      if (separator === ']') return items;
      if (separator !== ',') this.#fail("Expected ',' or ']'");
    }
  }

  #object(): Record<string, unknown> {
    this.#index++;
    const record: Record<string, unknown> = {};
    this.#skipWhitespace();
    if (this.text.charAt(this.#index) === '}') {
      this.#index++;
      return record;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.text.charAt(this.#index) !== '"') this.#fail('Expected a property name');
      const key = this.#string();
      this.#skipWhitespace();
      if (this.text.charAt(this.#index++) !== ':') this.#fail("Expected ':'");
      const value = this.#value();
      Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
      this.#skipWhitespace();
      const separator = this.text.charAt(this.#index++);
      if (separator === '}') return record;
      if (separator !== ',') this.#fail("Expected ',' or '}'");
    }
  }
}

export function parseLosslessJson(text: string): unknown {
  if (!LONG_INTEGER.test(text) && !BARE_NON_FINITE.test(text)) return JSON.parse(text);
  return new JsonReader(text).parse();
}
