// The must-show: a saved model directory runs without the sources it was saved from and without
// the source tree's node_modules. The model is saved from a scratch copy of its sources, the
// sources are deleted, the directory is copied to the OS temp folder, and a separate `node`
// process with another working directory and a bare environment loads and predicts it.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentModelLogger } from '../src/model-logger.js';
import { saveModel } from '../src/save-model.js';
import { expectedCandidate, FIXTURES, PROMPT_TEMPLATE_SIGNATURE } from './prompt-template.js';
import { useTemporaryDirectories } from './temporary-directories.js';

const run = promisify(execFile);
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACE_NODE_MODULES = path.resolve(PACKAGE_ROOT, '../../node_modules');

const temporary = useTemporaryDirectories();

/** Runs an ES module script in a fresh `node` with a bare environment; returns its parsed stdout. */
async function runNode(script: string, cwd: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '' },
    timeout: 20_000,
  });
  return JSON.parse(stdout) as unknown;
}

/**
 * The loader (`@millrace/models` with `@millrace/core`, yaml and zod inlined) bundled into one file
 * outside the repository, so the child process has Millrace but not the source tree.
 */
async function bundleRuntime(directory: string): Promise<string> {
  const outfile = path.join(directory, 'millrace-models.mjs');
  await build({
    entryPoints: [path.join(PACKAGE_ROOT, 'src/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@millrace/source'],
    external: ['esbuild'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return outfile;
}

/** Saves `files` of the fixtures from a scratch copy, deletes the copy, moves the model outside the repository. */
async function saveFromDeletedSources(
  files: string[],
  save: (sources: string, target: string) => Promise<unknown>,
): Promise<string> {
  const sources = temporary.inRepository('sources-');
  for (const file of files) {
    cpSync(path.join(FIXTURES, file), path.join(sources, path.basename(file)), { recursive: true });
  }
  const saved = path.join(temporary.inRepository('saved-'), 'model');
  await save(sources, saved);
  rmSync(sources, { recursive: true, force: true });
  const copy = path.join(temporary.outside('millrace-copied-'), 'model');
  cpSync(saved, copy, { recursive: true });
  rmSync(path.dirname(saved), { recursive: true, force: true });
  expect(existsSync(sources)).toBe(false);
  return copy;
}

describe('a saved model directory is self-contained', () => {
  let runtimeDirectory: string;
  let runtime: string;
  beforeAll(async () => {
    runtimeDirectory = mkdtempSync(path.join(tmpdir(), 'millrace-runtime-'));
    runtime = pathToFileURL(await bundleRuntime(runtimeDirectory)).href;
  });
  afterAll(() => {
    rmSync(runtimeDirectory, { recursive: true, force: true });
  });

  async function savePromptTemplateElsewhere(): Promise<string> {
    return await saveFromDeletedSources(
      ['prompt-template/model.ts', 'prompt-template/prompt-format.ts', 'prompt-template/templates'],
      (sources, target) =>
        saveModel({
          path: target,
          code: path.join(sources, 'model.ts'),
          artifacts: { templates: path.join(sources, 'templates') },
          signature: PROMPT_TEMPLATE_SIGNATURE,
          inputExample: [{ prompt: 'What is machine learning?' }],
          modelConfig: { greeting: 'Hi. ' },
          logger: silentModelLogger,
        }),
    );
  }

  it('loads and predicts (defaults, override, stream) in another node process, from another directory', async () => {
    const model = await savePromptTemplateElsewhere();
    expect(readdirSync(model).sort()).toEqual([
      'MLmodel',
      'artifacts',
      'input_example.json',
      'model.mjs',
      'package.json',
      'serving_input_example.json',
    ]);
    const script = `
      import { loadModel } from ${JSON.stringify(runtime)};
      const model = await loadModel(${JSON.stringify(model)});
      const defaults = await model.predict({ source: 'dropped', prompt: 'What is ML?' });
      const overridden = await model.predict([{ prompt: 'What is ML?' }], { temperature: 0.6, max_tokens: 5 });
      const chunks = [];
      for await (const chunk of model.predictStream([{ prompt: 'rivers and lakes' }], { temperature: 0.2 })) {
        chunks.push(chunk);
      }
      console.log(JSON.stringify({ defaults, overridden, chunks, cwd: process.cwd() }));
    `;
    const elsewhere = temporary.outside('millrace-cwd-');
    const result = await runNode(script, elsewhere);
    expect(result).toEqual({
      defaults: { candidates: [expectedCandidate('What is ML?', 0.1, 1000, 'Hi. ')] },
      overridden: { candidates: [expectedCandidate('What is ML?', 0.6, 5, 'Hi. ')] },
      chunks: ['rivers@0.2', 'and@0.2', 'lakes@0.2'],
      cwd: elsewhere,
    });
  });

  it('runs the bundle itself with no Millrace at all: model.mjs imports nothing but node builtins', async () => {
    const model = await savePromptTemplateElsewhere();
    const bundle = readFileSync(path.join(model, 'model.mjs'), 'utf8');
    const imported = [...bundle.matchAll(/^import .*? from ["']([^"']+)["'];?$/gm)].map((match) => match[1]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.every((specifier) => specifier?.startsWith('node:'))).toBe(true);
    expect(bundle).not.toMatch(/\bimport\(["'](?!node:)/);
    const script = `
      const { default: Model } = await import(${JSON.stringify(pathToFileURL(path.join(model, 'model.mjs')).href)});
      const instance = new Model();
      const context = { artifacts: { templates: ${JSON.stringify(path.join(model, 'artifacts/templates'))} }, modelConfig: {} };
      await instance.loadContext(context);
      console.log(JSON.stringify(instance.predict(context, [{ prompt: 'Why?' }], { temperature: 1, max_tokens: 2 })));
    `;
    expect(await runNode(script, temporary.outside('millrace-cwd-'))).toEqual({
      candidates: [expectedCandidate('Why?', 1, 2)],
    });
  });

  it('needs its external packages installed next to it, as its package.json says', async () => {
    const model = await saveFromDeletedSources(['external-yaml-model.ts'], (sources, target) =>
      saveModel({ path: target, code: path.join(sources, 'external-yaml-model.ts'), external: ['yaml'] }),
    );
    const script = `
      import { loadModel } from ${JSON.stringify(runtime)};
      try {
        const model = await loadModel(${JSON.stringify(model)});
        console.log(JSON.stringify({ output: await model.predict({ answer: 42 }) }));
      } catch (error) {
        console.log(JSON.stringify({ errorCode: error.errorCode, message: error.message }));
      }
    `;
    const cwd = temporary.outside('millrace-cwd-');
    const missing = (await runNode(script, cwd)) as { errorCode: string; message: string };
    expect(missing.errorCode).toBe('INTERNAL_ERROR');
    expect(missing.message).toMatch(
      /^Failed to load the model at '.+': importing its code '.+model\.mjs' failed: Cannot find package 'yaml'/,
    );
    expect(missing.message).toContain('with `npm install` in the model directory');
    // What `npm install` in the model directory would do, without the network.
    mkdirSync(path.join(model, 'node_modules'));
    symlinkSync(path.join(WORKSPACE_NODE_MODULES, 'yaml'), path.join(model, 'node_modules', 'yaml'), 'dir');
    expect(await runNode(script, cwd)).toEqual({ output: 'answer: 42\n' });
  });
});
