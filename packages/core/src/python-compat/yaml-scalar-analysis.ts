/** Which scalar styles can carry a string (PyYAML's `Emitter.analyze_scalar`, allow_unicode off). */
export interface YamlScalarAnalysis {
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowDoubleQuoted: boolean;
  allowBlock: boolean;
}

const LINE_BREAKS = '\n\u0085\u2028\u2029';
const WHITESPACE = `\0 \t\r${LINE_BREAKS}`;

function isPrintableAscii(character: string): boolean {
  return character >= ' ' && character <= '~';
}

export function analyzeYamlScalar(text: string): YamlScalarAnalysis {
  if (text === '') {
    return {
      empty: true,
      multiline: false,
      allowFlowPlain: false,
      allowBlockPlain: true,
      allowSingleQuoted: true,
      allowDoubleQuoted: true,
      allowBlock: false,
    };
  }
  const characters = Array.from(text);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;

  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = characters.length === 1 || WHITESPACE.includes(characters[1] ?? '');
  let previousSpace = false;
  let previousBreak = false;

  for (let index = 0; index < characters.length; index += 1) {
    const character = characters[index] ?? '';
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(character)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (character === '?' || character === ':') {
        flowIndicators = true;
        if (followedByWhitespace) {
          blockIndicators = true;
        }
      }
      if (character === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(character)) {
        flowIndicators = true;
      }
      if (character === ':') {
        flowIndicators = true;
        if (followedByWhitespace) {
          blockIndicators = true;
        }
      }
      if (character === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }

    const isBreak = LINE_BREAKS.includes(character);
    if (isBreak) {
      lineBreaks = true;
    }
    // Without allow_unicode every character outside printable ASCII (and '\n') is special.
    if (!(character === '\n' || isPrintableAscii(character))) {
      specialCharacters = true;
    }

    if (character === ' ') {
      if (index === 0) {
        leadingSpace = true;
      }
      if (index === characters.length - 1) {
        trailingSpace = true;
      }
      if (previousBreak) {
        breakSpace = true;
      }
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (index === 0) {
        leadingBreak = true;
      }
      if (index === characters.length - 1) {
        trailingBreak = true;
      }
      if (previousSpace) {
        spaceBreak = true;
      }
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }

    precededByWhitespace = WHITESPACE.includes(character);
    followedByWhitespace = index + 2 >= characters.length || WHITESPACE.includes(characters[index + 2] ?? '');
  }

  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  let allowBlock = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    allowFlowPlain = false;
    allowBlockPlain = false;
  }
  if (trailingSpace) {
    allowBlock = false;
  }
  if (breakSpace) {
    allowFlowPlain = false;
    allowBlockPlain = false;
    allowSingleQuoted = false;
  }
  if (spaceBreak || specialCharacters) {
    allowFlowPlain = false;
    allowBlockPlain = false;
    allowSingleQuoted = false;
    allowBlock = false;
  }
  if (lineBreaks) {
    allowFlowPlain = false;
    allowBlockPlain = false;
  }
  if (flowIndicators) {
    allowFlowPlain = false;
  }
  if (blockIndicators) {
    allowBlockPlain = false;
  }
  return {
    empty: false,
    multiline: lineBreaks,
    allowFlowPlain,
    allowBlockPlain,
    allowSingleQuoted,
    allowDoubleQuoted: true,
    allowBlock,
  };
}
