import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { MillraceError } from '@millrace/core';
import { errorMessage } from './error-message.js';

/**
 * Lets CommonJS dependencies inlined into the ESM bundle `require` Node builtins (esbuild's
 * ESM output has no `require` of its own).
 */
const REQUIRE_BANNER =
  "import { createRequire as __millraceCreateRequire } from 'node:module';\n" +
  'const require = __millraceCreateRequire(import.meta.url);';

/** The options of one bundling. */
export interface BundleModelCodeOptions {
  /** The model file (.ts, .mts, .js, .mjs …). */
  codePath: string;
  /** Where to write the bundle (`<model dir>/model.mjs`). */
  outputPath: string;
  /** Packages left as imports (with their subpaths) instead of being bundled. */
  external?: readonly string[];
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function firstEsbuildError(error: unknown): string {
  const errors: unknown = typeof error === 'object' && error !== null && 'errors' in error ? error.errors : undefined;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as EsbuildMessage;
    const where = first.location ? ` (${first.location.file}:${first.location.line}:${first.location.column})` : '';
    return `${first.text}${where}`;
  }
  return errorMessage(error);
}

/**
 * Bundles a model file and everything it imports into one ES module for Node 20 with esbuild;
 * Node builtins and the `external` packages stay imports. Bundling failures become a
 * MillraceError naming the file and esbuild's first error.
 */
export async function bundleModelCode(options: BundleModelCodeOptions): Promise<void> {
  const codePath = path.resolve(options.codePath);
  if (!existsSync(codePath) || !statSync(codePath).isFile()) {
    throw new MillraceError('INVALID_PARAMETER_VALUE', `The model code file '${codePath}' does not exist.`);
  }
  // esbuild is needed to save models only; loading one must not pay for it.
  const esbuild = await import('esbuild');
  try {
    await esbuild.build({
      entryPoints: [codePath],
      outfile: options.outputPath,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: [...(options.external ?? [])],
      banner: { js: REQUIRE_BANNER },
      logLevel: 'silent',
      write: true,
    });
  } catch (error) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Failed to bundle the model code '${codePath}': ${firstEsbuildError(error)}`,
    );
  }
}
