import { readFileSync, statSync } from 'node:fs';
import type { ConfigPath, ConfigProblems } from './config-problem.js';
import { Secret } from './secret.js';

export interface SecretSources {
  /** Environment variables for `$NAME` references. Default: process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative secret-file paths are resolved from. Default: the working directory. */
  baseDirectory: string;
}

const ENV_REFERENCE = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;
/** A value that can only be meant as a file path (API keys never start like this). */
const PATH_LIKE = /^(\/|\.{1,2}\/|~\/)/;

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Resolves an API-key field the way MLflow does — `$NAME` from the environment, an existing file's
 * contents, else the literal string — with two fixes: file contents are trimmed (MLflow keeps the
 * trailing newline in the key), and a value that looks like a path but names no file is an error
 * instead of being sent upstream as the key. Problems never quote the value.
 */
export function resolveSecret(
  value: unknown,
  path: ConfigPath,
  problems: ConfigProblems,
  sources: SecretSources,
): Secret | undefined {
  if (value === undefined || value === null) {
    problems.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(
      path,
      'must be a string: an environment variable reference ($NAME), a path to a file holding the key, or the key itself',
    );
    return undefined;
  }
  if (value === '') {
    problems.add(path, 'is empty');
    return undefined;
  }
  const reference = ENV_REFERENCE.exec(value);
  if (reference !== null) {
    const name = reference[1]!;
    const resolved = sources.env[name];
    if (resolved === undefined || resolved === '') {
      problems.add(path, `environment variable ${name} is not set`);
      return undefined;
    }
    return new Secret(resolved);
  }
  const filePath = value.startsWith('~/') ? `${sources.env.HOME ?? ''}${value.slice(1)}` : value;
  const absolutePath = filePath.startsWith('/') ? filePath : `${sources.baseDirectory}/${filePath}`;
  if (value.length < 4096 && isRegularFile(absolutePath)) {
    let text: string;
    try {
      text = readFileSync(absolutePath, 'utf8').trim();
    } catch {
      problems.add(path, 'names a secret file that cannot be read');
      return undefined;
    }
    if (text === '') {
      problems.add(path, 'names a secret file that is empty');
      return undefined;
    }
    return new Secret(text);
  }
  if (PATH_LIKE.test(value)) {
    problems.add(path, 'looks like a file path, but no such file exists');
    return undefined;
  }
  return new Secret(value);
}
