import path from 'node:path';
import { MillraceError } from '@millrace/core';

/**
 * The absolute path of `relativePath` inside a model directory; refuses paths that leave it
 * (an MLmodel naming `../elsewhere` or an absolute path).
 */
export function resolveInsideModelDirectory(
  modelDirectory: string,
  relativePath: string,
  what: string,
): string {
  const root = path.resolve(modelDirectory);
  const resolved = path.resolve(root, relativePath);
  const relative = path.relative(root, resolved);
  if (
    path.isAbsolute(relativePath) ||
    relative === '' ||
    relative.startsWith('..') ||
    path.isAbsolute(relative)
  ) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `The ${what} path '${relativePath}' of the model at '${modelDirectory}' must be a relative path inside the model directory.`,
    );
  }
  return resolved;
}
