import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { importModelCode } from '../src/import-model-code.js';
import { useTemporaryDirectories } from './temporary-directories.js';

describe('importModelCode', () => {
  const temporary = useTemporaryDirectories();

  function writeModule(source: string): string {
    const codePath = path.join(temporary.outside(), 'model.mjs');
    writeFileSync(codePath, source);
    return codePath;
  }

  it('returns the default export', async () => {
    const codePath = writeModule('export default { predict: () => "pong" };\n');
    const loaded = (await importModelCode(codePath, '/m')) as { predict(): string };
    expect(loaded.predict()).toBe('pong');
  });

  it('evaluates the module afresh on every import', async () => {
    const codePath = writeModule('let count = 0;\nexport default { next: () => ++count };\n');
    const first = (await importModelCode(codePath, '/m')) as { next(): number };
    first.next();
    first.next();
    const second = (await importModelCode(codePath, '/m')) as { next(): number };
    expect(second.next()).toBe(1);
  });

  it('refuses a module without a default export', async () => {
    const codePath = writeModule('export const predict = () => 1;\n');
    await expect(importModelCode(codePath, '/models/m')).rejects.toThrow(
      `Failed to load the model at '/models/m': its code '${codePath}' has no default export.`,
    );
  });

  it('reports an error thrown while importing, without a stack trace', async () => {
    const codePath = writeModule('throw new Error("top-level failure");\n');
    const failure = importModelCode(codePath, '/models/m');
    await expect(failure).rejects.toBeInstanceOf(MillraceError);
    await expect(failure).rejects.toThrow(
      `Failed to load the model at '/models/m': importing its code '${codePath}' failed: top-level failure`,
    );
  });

  it('explains how to install a missing external package', async () => {
    const codePath = writeModule('import thing from "surely-not-installed-pkg";\nexport default thing;\n');
    await expect(importModelCode(codePath, '/models/m')).rejects.toThrow(
      /surely-not-installed-pkg.*Install the packages the model code imports with `npm install` in the model directory/s,
    );
  });
});
