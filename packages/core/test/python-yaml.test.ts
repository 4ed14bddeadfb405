import { describe, expect, it } from 'vitest';
import { dumpPythonYaml } from '../src/python-compat/python-yaml.js';
import { isImplicitNonString } from '../src/python-compat/yaml-implicit-types.js';
import { readJsonFixture } from './fixture-files.js';

interface YamlCase {
  value: unknown;
  yaml: string;
}

describe('dumpPythonYaml', () => {
  const { cases } = readJsonFixture<{ cases: YamlCase[] }>('python/pyyaml-safe-dump.json');

  it('matches PyYAML safe_dump(default_flow_style=False) on recorded documents', () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const [index, testCase] of cases.entries()) {
      expect(dumpPythonYaml(testCase.value), `case ${index}`).toBe(testCase.yaml);
    }
  });

  it('sorts keys, writes sequences without indentation under a key and empty collections in flow style', () => {
    expect(dumpPythonYaml({ b: [1, 'x'], a: { d: {}, c: [] } })).toBe('a:\n  c: []\n  d: {}\nb:\n- 1\n- x\n');
  });

  it('quotes strings YAML 1.1 would read as something else', () => {
    expect(
      dumpPythonYaml({ a: '3.10', b: '3.11.2', c: 'yes', d: '2024-05-17 23:15:28.764394', e: '', f: 'null' }),
    ).toBe("a: '3.10'\nb: 3.11.2\nc: 'yes'\nd: '2024-05-17 23:15:28.764394'\ne: ''\nf: 'null'\n");
  });

  it('double-quotes non-ASCII text with escapes, as PyYAML does without allow_unicode', () => {
    expect(dumpPythonYaml({ a: 'héllo' })).toBe('a: "h\\xE9llo"\n');
  });

  it('folds long single-quoted strings at 80 columns, indented under their key', () => {
    const text = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
    const yaml = dumpPythonYaml({ outer: { key: `'${text}` } });
    const lines = yaml.split('\n');
    expect(lines[1]?.startsWith("  key: '''word0")).toBe(true);
    expect(lines[2]?.startsWith('    word')).toBe(true);
    expect(yaml.replace(/\n {4}/g, ' ')).toBe(`outer:\n  key: '''${text}'\n`);
  });

  it('writes floats as PyYAML represents them', () => {
    expect(dumpPythonYaml({ a: 1e-5, b: 0.5, c: Number.NaN, d: -Infinity, e: -0 })).toBe(
      'a: 1.0e-05\nb: 0.5\nc: .nan\nd: -.inf\ne: -0.0\n',
    );
  });

  it('leaves out undefined entries and refuses functions', () => {
    expect(dumpPythonYaml({ a: undefined, b: null })).toBe('b: null\n');
    expect(() => dumpPythonYaml({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('isImplicitNonString', () => {
  it("recognizes PyYAML's YAML 1.1 implicit types", () => {
    for (const text of [
      'yes',
      'Off',
      '1_000',
      '0x1F',
      '017',
      '1:30',
      '3.10',
      '.inf',
      '~',
      '',
      '2024-01-02',
      '<<',
      '=',
    ]) {
      expect(isImplicitNonString(text), text).toBe(true);
    }
    for (const text of ['3.11.2', '1e5', 'model', 'yes please', '2024-01-02x']) {
      expect(isImplicitNonString(text), text).toBe(false);
    }
  });
});
