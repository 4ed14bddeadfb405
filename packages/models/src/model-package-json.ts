import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { MillraceError } from '@millrace/core';

/** The npm environment file of a model directory (MLflow's requirements.txt). */
export const PACKAGE_JSON_FILE_NAME = 'package.json';

/** package.json of a model directory: the runtime dependencies of its bundled code. */
export interface ModelPackageJson {
  private: true;
  type: 'module';
  dependencies: Record<string, string>;
}

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** `lodash/fp` → `lodash`, `@scope/name/sub` → `@scope/name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Whether an import specifier names a Node builtin (`fs`, `node:fs`, `fs/promises`). */
export function isBuiltinSpecifier(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
}

/** `name@range` (or `name`, meaning any version) → [name, range]. */
function parseRequirement(requirement: string): [string, string] {
  const at = requirement.indexOf('@', requirement.startsWith('@') ? 1 : 0);
  const name = at === -1 ? requirement : requirement.slice(0, at);
  const range = at === -1 ? '*' : requirement.slice(at + 1);
  if (!PACKAGE_NAME.test(name) || range === '') {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `Invalid requirement '${requirement}': expected an npm package name with an optional version range, like 'lodash@^4.17.21'.`,
    );
  }
  return [name, range];
}

/** The version of `packageName` as installed where `fromDirectory` would import it from. */
function installedVersion(packageName: string, fromDirectory: string): string | null {
  let directory = fromDirectory;
  for (;;) {
    const manifest = path.join(directory, 'node_modules', packageName, 'package.json');
    if (existsSync(manifest)) {
      const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
      const version =
        typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : undefined;
      return typeof version === 'string' ? version : null;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      return null;
    }
    directory = parent;
  }
}

/**
 * The package.json of a model: each `external` package (left as an import in the bundle) at
 * the exact version installed next to the model code, plus `requirements` (`name@range`), which
 * win over installed versions.
 */
export function buildModelPackageJson(options: {
  codePath: string;
  external?: readonly string[];
  requirements?: readonly string[];
}): ModelPackageJson {
  const dependencies: Record<string, string> = {};
  const required = new Map((options.requirements ?? []).map(parseRequirement));
  for (const specifier of options.external ?? []) {
    if (isBuiltinSpecifier(specifier)) {
      continue;
    }
    const name = packageNameOf(specifier);
    if (required.has(name) || dependencies[name] !== undefined) {
      continue;
    }
    const version = installedVersion(name, path.dirname(path.resolve(options.codePath)));
    if (version === null) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The external package '${name}' is not installed where '${options.codePath}' can import it, so its version ` +
          `is unknown: install it, or give its version in requirements (e.g. '${name}@^1.0.0').`,
      );
    }
    dependencies[name] = version;
  }
  for (const [name, range] of required) {
    dependencies[name] = range;
  }
  const sorted = Object.fromEntries(
    Object.entries(dependencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { private: true, type: 'module', dependencies: sorted };
}
