import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModelPackageJson } from '../src/model-package-json.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const codePath = path.join(here, 'fixtures', 'prompt-template', 'model.ts');
const installedYaml = (
  JSON.parse(readFileSync(path.join(here, '../../../node_modules/yaml/package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('buildModelPackageJson', () => {
  it('pins external packages at the version installed next to the code', () => {
    const manifest = buildModelPackageJson({ codePath, external: ['yaml'] });
    expect(manifest).toEqual({ private: true, type: 'module', dependencies: { yaml: installedYaml } });
  });

  it('maps subpath and scoped externals to their package and skips node builtins', () => {
    const manifest = buildModelPackageJson({
      codePath,
      external: ['yaml/util', 'node:fs', 'path', '@millrace/core'],
    });
    expect(manifest.dependencies).toEqual({ '@millrace/core': '0.1.0', yaml: installedYaml });
  });

  it('adds requirements, which win over installed versions, sorted by name', () => {
    const manifest = buildModelPackageJson({
      codePath,
      external: ['yaml'],
      requirements: ['yaml@^2.0.0', 'onnxruntime-node@1.20.1', '@scope/tool', 'left-pad'],
    });
    expect(Object.entries(manifest.dependencies)).toEqual([
      ['@scope/tool', '*'],
      ['left-pad', '*'],
      ['onnxruntime-node', '1.20.1'],
      ['yaml', '^2.0.0'],
    ]);
  });

  it('refuses an external package that is not installed and not required', () => {
    expect(() => buildModelPackageJson({ codePath, external: ['surely-not-installed-pkg'] })).toThrow(
      /external package 'surely-not-installed-pkg' is not installed/,
    );
  });

  it('accepts an uninstalled external package whose version is given in requirements', () => {
    const manifest = buildModelPackageJson({
      codePath,
      external: ['surely-not-installed-pkg'],
      requirements: ['surely-not-installed-pkg@~3.1.0'],
    });
    expect(manifest.dependencies).toEqual({ 'surely-not-installed-pkg': '~3.1.0' });
  });

  it('refuses a malformed requirement', () => {
    expect(() => buildModelPackageJson({ codePath, requirements: ['Not A Package'] })).toThrow(
      /Invalid requirement 'Not A Package'/,
    );
    expect(() => buildModelPackageJson({ codePath, requirements: ['yaml@'] })).toThrow(/Invalid requirement/);
  });
});
