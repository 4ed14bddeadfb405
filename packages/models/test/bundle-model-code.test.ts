import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { bundleModelCode } from '../src/bundle-model-code.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const promptTemplateModel = path.join(fixtures, 'prompt-template', 'model.ts');

describe('bundleModelCode', () => {
  const temporary = useTemporaryDirectories();

  it('inlines local modules and packages into one ES module, leaving node builtins as imports', async () => {
    const outputPath = path.join(temporary.outside(), 'model.mjs');
    await bundleModelCode({ codePath: promptTemplateModel, outputPath });
    const bundle = readFileSync(outputPath, 'utf8');
    expect(bundle).toContain('function fillTemplate(');
    expect(bundle).not.toMatch(/from ["']yaml["']/);
    expect(bundle).not.toMatch(/from ["']\.\/prompt-format/);
    expect(bundle).toMatch(/from ["']node:fs\/promises["']/);
    expect(bundle).toMatch(/export \{[^}]*as default/);
  });

  it('leaves external packages (and their subpaths) as imports', async () => {
    const outputPath = path.join(temporary.outside(), 'model.mjs');
    await bundleModelCode({ codePath: promptTemplateModel, outputPath, external: ['yaml'] });
    expect(readFileSync(outputPath, 'utf8')).toMatch(/from ["']yaml["']/);
  });

  it('names the file and esbuild’s first error when bundling fails', async () => {
    const directory = temporary.outside();
    const codePath = path.join(directory, 'broken.ts');
    writeFileSync(codePath, 'export default class {\n  predict( {\n}\n');
    const outputPath = path.join(directory, 'out', 'model.mjs');
    const failure = bundleModelCode({ codePath, outputPath });
    await expect(failure).rejects.toBeInstanceOf(MillraceError);
    await expect(failure).rejects.toThrow(
      new RegExp(`Failed to bundle the model code '${codePath}': .+broken\\.ts:\\d+:\\d+`),
    );
    expect(existsSync(outputPath)).toBe(false);
  });

  it('reports an unresolvable import', async () => {
    const directory = temporary.outside();
    const codePath = path.join(directory, 'model.ts');
    writeFileSync(
      codePath,
      "import helper from './missing-helper.js';\nexport default { predict: () => helper };\n",
    );
    await expect(
      bundleModelCode({ codePath, outputPath: path.join(directory, 'model.mjs') }),
    ).rejects.toThrow(/Could not resolve "\.\/missing-helper\.js"/);
  });

  it('refuses a code file that does not exist', async () => {
    const codePath = path.join(temporary.outside(), 'nope.ts');
    await expect(bundleModelCode({ codePath, outputPath: `${codePath}.mjs` })).rejects.toThrow(
      `The model code file '${codePath}' does not exist.`,
    );
  });
});
