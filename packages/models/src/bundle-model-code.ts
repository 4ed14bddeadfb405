import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
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
  /**
   * Write external imports as absolute file URLs of the packages installed next to the code,
   * so the bundle runs from anywhere on this machine (used to run a model while saving it).
   */
  pinExternalsToInstalledFiles?: boolean;
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function firstEsbuildError(error: unknown): string {
  const errors: unknown =
    typeof error === 'object' && error !== null && 'errors' in error ? error.errors : undefined;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as EsbuildMessage;
    const where = first.location
      ? ` (${first.location.file}:${first.location.line}:${first.location.column})`
      : '';
    return `${first.text}${where}`;
  }
  return errorMessage(error);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Resolves imports of the external packages with esbuild and keeps them as absolute file URLs. */
function pinExternalsPlugin(external: readonly string[]): Plugin {
  const filter = new RegExp(`^(${external.map(escapeRegExp).join('|')})(/.*)?$`);
  return {
    name: 'millrace-pin-externals',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData === 'millrace-pinning') {
          return undefined;
        }
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'millrace-pinning',
        });
        if (resolved.errors.length > 0) {
          return { errors: resolved.errors };
        }
        if (resolved.external) {
          return { path: args.path, external: true };
        }
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
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
      external: options.pinExternalsToInstalledFiles ? [] : [...(options.external ?? [])],
      plugins:
        options.pinExternalsToInstalledFiles && (options.external ?? []).length > 0
          ? [pinExternalsPlugin(options.external ?? [])]
          : [],
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
