/**
 * The byte-level BPE alphabet of GPT-2's tokenizer: every byte maps to one printable unicode
 * character (printable Latin-1 bytes map to themselves, the others to U+0100 upward), so a
 * vocabulary of strings can hold any byte sequence.
 */
function createByteToSymbol(): string[] {
  const kept: number[] = [];
  const ranges: Array<[number, number]> = [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ];
  for (const [first, last] of ranges) {
    for (let byte = first; byte <= last; byte++) {
      kept.push(byte);
    }
  }
  const symbols: string[] = new Array<string>(256);
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    if (kept.includes(byte)) {
      symbols[byte] = String.fromCodePoint(byte);
    } else {
      symbols[byte] = String.fromCodePoint(256 + shifted);
      shifted++;
    }
  }
  return symbols;
}

/** `BYTE_TO_SYMBOL[byte]` is the alphabet character of a byte. */
export const BYTE_TO_SYMBOL: readonly string[] = createByteToSymbol();

const SYMBOL_TO_BYTE = new Map(BYTE_TO_SYMBOL.map((symbol, byte) => [symbol, byte]));

/** The alphabet string of some UTF-8 text. */
export function textToSymbols(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => BYTE_TO_SYMBOL[byte] ?? '').join('');
}

/** The bytes an alphabet string stands for. */
export function symbolsToBytes(symbols: string): number[] {
  return Array.from(symbols, (symbol) => {
    const byte = SYMBOL_TO_BYTE.get(symbol);
    if (byte === undefined) {
      throw new Error(`not a byte-level symbol: ${JSON.stringify(symbol)}`);
    }
    return byte;
  });
}
