import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const SCRATCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.millrace-tmp');

/** Bundles workspace code (TypeScript sources) and leaves other packages as imports from node_modules. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@millrace/') || args.path.startsWith('node:')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript script in a separate Node process (bundled with esbuild next to the
 * repository's node_modules), with extra environment variables.
 */
export async function runScript(script: string, environment: Record<string, string>): Promise<ScriptResult> {
  mkdirSync(SCRATCH, { recursive: true });
  const directory = mkdtempSync(path.join(SCRATCH, 'script-'));
  try {
    const outfile = path.join(directory, 'script.mjs');
    await build({
      entryPoints: [script],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@millrace/source'],
      plugins: [externalPackages],
      logLevel: 'silent',
    });
    return await new Promise<ScriptResult>((resolve) => {
      execFile(
        process.execPath,
        [outfile],
        { env: { ...process.env, ...environment }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
