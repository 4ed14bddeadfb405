import { compareCodePoints } from '../values/compare-code-points.js';
import { formatNaiveUtcDatetime } from './python-datetime.js';
import { formatPythonFloatRepr } from './python-float.js';
import { analyzeYamlScalar, type YamlScalarAnalysis } from './yaml-scalar-analysis.js';
import { isImplicitNonString } from './yaml-implicit-types.js';

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const LINE_BREAKS = '\n\u0085\u2028\u2029';

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00A0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

interface NodeContext {
  root?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

type ScalarStyle = 'plain' | 'single' | 'double';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A scalar's text and whether PyYAML's resolver reads that text back as the same type. */
function representScalar(value: unknown): { text: string; implicit: boolean } {
  if (value === null || value === undefined) {
    return { text: 'null', implicit: true };
  }
  if (typeof value === 'boolean') {
    return { text: value ? 'true' : 'false', implicit: true };
  }
  if (typeof value === 'bigint') {
    return { text: value.toString(), implicit: true };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      return { text: String(value), implicit: true };
    }
    if (Number.isNaN(value)) {
      return { text: '.nan', implicit: true };
    }
    if (value === Infinity || value === -Infinity) {
      return { text: value > 0 ? '.inf' : '-.inf', implicit: true };
    }
    let text = formatPythonFloatRepr(value).toLowerCase();
    if (!text.includes('.') && text.includes('e')) {
      text = text.replace('e', '.0e');
    }
    return { text, implicit: true };
  }
  if (typeof value === 'string') {
    return { text: value, implicit: !isImplicitNonString(value) };
  }
  if (value instanceof Date) {
    return { text: formatNaiveUtcDatetime(value, ' '), implicit: true };
  }
  throw new TypeError(`Cannot write a value of type ${typeof value} to YAML`);
}

/**
 * A YAML writer that produces what PyYAML's `yaml.safe_dump(data, default_flow_style=False)`
 * produces (keys sorted, indentless block sequences, flow style only for empty collections,
 * PyYAML's choice of plain/single-quoted/double-quoted scalars and its folding at 80 columns).
 */
class PythonYamlWriter {
  private readonly chunks: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private indent: number | null = null;
  private readonly indents: Array<number | null> = [];
  private flowLevel = 0;

  dump(value: unknown): string {
    this.emitNode(value, { root: true });
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true);
      this.writeIndent();
    }
    return this.chunks.join('');
  }

  private write(data: string): void {
    this.chunks.push(data);
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) {
      this.indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      this.indent += BEST_INDENT;
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? null;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    whitespace = false,
    indention = false,
  ): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.openEnded = false;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  private emitNode(value: unknown, context: NodeContext): void {
    if (Array.isArray(value)) {
      if (this.flowLevel > 0 || value.length === 0) {
        this.emitFlowCollection('[', ']', value.length);
      } else {
        this.emitBlockSequence(value, context);
      }
      return;
    }
    if (isPlainObject(value)) {
      const entries = Object.entries(value).filter(([, item]) => item !== undefined);
      if (this.flowLevel > 0 || entries.length === 0) {
        this.emitFlowCollection('{', '}', entries.length);
      } else {
        this.emitBlockMapping(entries);
      }
      return;
    }
    this.increaseIndent(true);
    this.emitScalar(value, context);
    this.popIndent();
  }

  private emitFlowCollection(open: string, close: string, length: number): void {
    if (length !== 0) {
      throw new TypeError('Flow collections are only written when empty');
    }
    this.writeIndicator(open, true, true);
    this.flowLevel += 1;
    this.increaseIndent(true);
    this.popIndent();
    this.flowLevel -= 1;
    this.writeIndicator(close, false);
  }

  private emitBlockSequence(items: unknown[], context: NodeContext): void {
    const indentless = context.mapping === true && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, {});
    }
    this.popIndent();
  }

  private emitBlockMapping(entries: Array<[string, unknown]>): void {
    this.increaseIndent(false);
    entries.sort(([left], [right]) => compareCodePoints(left, right));
    for (const [key, item] of entries) {
      this.writeIndent();
      const analysis = analyzeYamlScalar(key);
      // PyYAML counts the '!!str' tag it prepares (5 characters) in the simple-key length limit.
      const simpleKey = Array.from(key).length + 5 < 128 && !analysis.empty && !analysis.multiline;
      if (simpleKey) {
        this.increaseIndent(true);
        this.emitScalar(key, { mapping: true, simpleKey: true });
        this.popIndent();
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.increaseIndent(true);
        this.emitScalar(key, { mapping: true });
        this.popIndent();
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(item, { mapping: true });
    }
    this.popIndent();
  }

  private chooseStyle(analysis: YamlScalarAnalysis, implicit: boolean, simpleKey: boolean): ScalarStyle {
    const plainAllowed = this.flowLevel > 0 ? analysis.allowFlowPlain : analysis.allowBlockPlain;
    if (implicit && !(simpleKey && (analysis.empty || analysis.multiline)) && plainAllowed) {
      return 'plain';
    }
    if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) {
      return 'single';
    }
    return 'double';
  }

  private emitScalar(value: unknown, context: NodeContext): void {
    const { text, implicit } = representScalar(value);
    const simpleKey = context.simpleKey === true;
    const style = this.chooseStyle(analyzeYamlScalar(text), implicit, simpleKey);
    const split = !simpleKey;
    if (style === 'double') {
      this.writeDoubleQuoted(text, split);
    } else if (style === 'single') {
      this.writeSingleQuoted(text, split);
    } else {
      this.writePlain(text, split, context.root === true);
    }
  }

  private writePlain(text: string, split: boolean, root: boolean): void {
    if (root) {
      this.openEnded = true;
    }
    if (text === '') {
      return;
    }
    if (!this.whitespace) {
      this.column += 1;
      this.write(' ');
    }
    this.whitespace = false;
    this.indention = false;
    const characters = Array.from(text);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= characters.length; end += 1) {
      const character = end < characters.length ? characters[end] : undefined;
      if (spaces) {
        if (character !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            const data = characters.slice(start, end).join('');
            this.column += end - start;
            this.write(data);
          }
          start = end;
        }
      } else if (breaks) {
        if (character === undefined || !LINE_BREAKS.includes(character)) {
          if (characters[start] === '\n') {
            this.writeLineBreak();
          }
          for (const lineBreak of characters.slice(start, end)) {
            this.writeLineBreak(lineBreak);
          }
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (character === undefined || ` ${LINE_BREAKS}`.includes(character)) {
        this.column += end - start;
        this.write(characters.slice(start, end).join(''));
        start = end;
      }
      if (character !== undefined) {
        spaces = character === ' ';
        breaks = LINE_BREAKS.includes(character);
      }
    }
  }

  private writeSingleQuoted(text: string, split: boolean): void {
    this.writeIndicator("'", true);
    const characters = Array.from(text);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= characters.length; end += 1) {
      const character = end < characters.length ? characters[end] : undefined;
      if (spaces) {
        if (character === undefined || character !== ' ') {
          if (
            start + 1 === end &&
            this.column > BEST_WIDTH &&
            split &&
            start !== 0 &&
            end !== characters.length
          ) {
            this.writeIndent();
          } else {
            this.column += end - start;
            this.write(characters.slice(start, end).join(''));
          }
          start = end;
        }
      } else if (breaks) {
        if (character === undefined || !LINE_BREAKS.includes(character)) {
          if (characters[start] === '\n') {
            this.writeLineBreak();
          }
          for (const lineBreak of characters.slice(start, end)) {
            this.writeLineBreak(lineBreak);
          }
          this.writeIndent();
          start = end;
        }
      } else if (character === undefined || ` ${LINE_BREAKS}`.includes(character) || character === "'") {
        if (start < end) {
          this.column += end - start;
          this.write(characters.slice(start, end).join(''));
          start = end;
        }
      }
      if (character === "'") {
        this.column += 2;
        this.write("''");
        start = end + 1;
      }
      if (character !== undefined) {
        spaces = character === ' ';
        breaks = LINE_BREAKS.includes(character);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(text: string, split: boolean): void {
    this.writeIndicator('"', true);
    const characters = Array.from(text);
    let start = 0;
    for (let end = 0; end <= characters.length; end += 1) {
      const character = end < characters.length ? characters[end] : undefined;
      if (
        character === undefined ||
        '"\\\u0085\u2028\u2029\uFEFF'.includes(character) ||
        !(character >= ' ' && character <= '~')
      ) {
        if (start < end) {
          this.column += end - start;
          this.write(characters.slice(start, end).join(''));
          start = end;
        }
        if (character !== undefined) {
          const codePoint = character.codePointAt(0) ?? 0;
          const short = DOUBLE_QUOTED_ESCAPES[character];
          let data: string;
          if (short !== undefined) {
            data = `\\${short}`;
          } else if (codePoint <= 0xff) {
            data = `\\x${codePoint.toString(16).toUpperCase().padStart(2, '0')}`;
          } else if (codePoint <= 0xffff) {
            data = `\\u${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
          } else {
            data = `\\U${codePoint.toString(16).toUpperCase().padStart(8, '0')}`;
          }
          this.column += data.length;
          this.write(data);
          start = end + 1;
        }
      }
      if (
        end > 0 &&
        end < characters.length - 1 &&
        (character === ' ' || start >= end) &&
        this.column + (end - start) > BEST_WIDTH &&
        split
      ) {
        const data = `${characters.slice(start, end).join('')}\\`;
        if (start < end) {
          start = end;
        }
        this.column += data.length;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (characters[start] === ' ') {
          this.column += 1;
          this.write('\\');
        }
      }
    }
    this.writeIndicator('"', false);
  }
}

/**
 * Serializes a value as PyYAML's `yaml.safe_dump(value, default_flow_style=False)` does, so
 * files MLflow wrote (MLmodel, conda.yaml, python_env.yaml) round-trip byte for byte. Plain
 * objects are mappings (keys sorted), arrays are sequences; numbers that are safe integers are
 * ints, other numbers floats; Dates are timestamps; `undefined` entries are left out.
 */
export function dumpPythonYaml(value: unknown): string {
  return new PythonYamlWriter().dump(value);
}
