import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '@millrace/core';
import type { SavedArtifact } from './node-function.js';

/** The folder of a model directory that holds the artifacts of a custom model. */
export const ARTIFACTS_DIRECTORY_NAME = 'artifacts';

const ARTIFACT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function localPathOf(name: string, uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The artifact '${name}' has an invalid file URI: '${uri}'.`,
      );
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\//.test(uri) && !/^[A-Za-z]:[\\/]/.test(uri)) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The artifact '${name}' is '${uri}': only local paths and file: URIs can be saved as artifacts; download it first.`,
    );
  }
  return path.resolve(uri);
}

/**
 * Copies each artifact (a file or a directory, given as a local path or `file:` URI) to
 * `<model dir>/artifacts/<name>` and returns the MLmodel `artifacts` map
 * (`{name: {path: 'artifacts/<name>', uri: <as given>}}`).
 */
export async function copyArtifacts(
  modelDirectory: string,
  artifacts: Readonly<Record<string, string>>,
): Promise<Record<string, SavedArtifact>> {
  const saved: Record<string, SavedArtifact> = {};
  for (const [name, uri] of Object.entries(artifacts)) {
    if (!ARTIFACT_NAME.test(name) || name === '.' || name === '..') {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `Invalid artifact name '${name}': use letters, digits, '_', '-' and '.' (not starting with '.' or '-').`,
      );
    }
    if (typeof uri !== 'string' || uri === '') {
      throw new MillraceError('INVALID_PARAMETER_VALUE', `The artifact '${name}' must be given as a path.`);
    }
    const source = localPathOf(name, uri);
    if (!existsSync(source)) {
      throw new MillraceError(
        'INVALID_PARAMETER_VALUE',
        `The artifact '${name}' does not exist: '${source}' was not found.`,
      );
    }
    const relativePath = `${ARTIFACTS_DIRECTORY_NAME}/${name}`;
    await cp(source, path.join(modelDirectory, ARTIFACTS_DIRECTORY_NAME, name), {
      recursive: true,
      dereference: true,
      errorOnExist: true,
    });
    saved[name] = { path: relativePath, uri };
  }
  return saved;
}
