import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '../errors/millrace-error.js';
import type { ModelUri, RegisteredModelUri } from './model-uri.js';

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function improperRunsUri(uri: string): MillraceError {
  return MillraceError.invalidParameterValue(
    `Not a proper runs:/ URI: ${uri}. Runs URIs must be of the form 'runs:/<run_id>/run-relative/path/to/artifact'`,
  );
}

function improperModelsUri(uri: string): MillraceError {
  return MillraceError.invalidParameterValue(
    `Not a proper models:/ URI: ${uri}. Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias' ` +
      "where suffix is a version, stage, or the string 'latest' and where alias is a registered model alias. " +
      'Only one of suffix or alias can be defined at a time.',
  );
}

/**
 * The path part of a `scheme:` URI without an authority: `scheme:/a/b` and `scheme:///a/b` give
 * `/a/b`; `scheme://host/...` (a Databricks profile in MLflow) and paths not starting with `/`
 * give undefined.
 */
function pathWithoutAuthority(rest: string): string | undefined {
  if (rest.startsWith('//')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, authorityEnd);
    if (authority !== '') {
      return undefined;
    }
    return authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  }
  return rest.startsWith('/') ? rest : undefined;
}

function parseRunsUri(uri: string, rest: string): ModelUri {
  const uriPath = pathWithoutAuthority(rest);
  if (uriPath === undefined || uriPath.length <= 1) {
    throw improperRunsUri(uri);
  }
  const [runId = '', ...artifactParts] = uriPath.slice(1).split('/');
  if (runId.trim() === '') {
    throw improperRunsUri(uri);
  }
  const artifactPath = artifactParts.join('/').replace(/\/+$/, '');
  return { kind: 'runs', uri, runId, artifactPath: artifactPath === '' ? null : artifactPath };
}

function parseModelsUri(uri: string, rest: string): ModelUri {
  const uriPath = pathWithoutAuthority(rest);
  if (uriPath === undefined) {
    throw improperModelsUri(uri);
  }
  const segments = uriPath.slice(1).replace(/\/+$/, '').split('/');
  const [first = '', ...others] = segments;
  if (first.trim() === '') {
    throw improperModelsUri(uri);
  }
  const aliasAt = first.lastIndexOf('@');
  if (aliasAt !== -1) {
    const name = first.slice(0, aliasAt);
    const alias = first.slice(aliasAt + 1);
    if (name.trim() === '' || alias.trim() === '' || others.some((segment) => segment === '')) {
      throw improperModelsUri(uri);
    }
    return {
      kind: 'models',
      uri,
      name,
      subPath: others.length === 0 ? null : others.join('/'),
      selector: 'alias',
      alias,
    };
  }
  if (others.length === 0) {
    return { kind: 'model-id', uri, modelId: first };
  }
  const [suffix = '', ...subPathParts] = others;
  if (suffix.trim() === '' || subPathParts.some((segment) => segment === '')) {
    throw improperModelsUri(uri);
  }
  const base = {
    kind: 'models' as const,
    uri,
    name: first,
    subPath: subPathParts.length === 0 ? null : subPathParts.join('/'),
  };
  let parsed: RegisteredModelUri;
  if (/^[0-9]+$/.test(suffix)) {
    parsed = { ...base, selector: 'version', version: suffix };
  } else if (suffix.toLowerCase() === 'latest') {
    parsed = { ...base, selector: 'latest' };
  } else {
    parsed = { ...base, selector: 'stage', stage: suffix };
  }
  return parsed;
}

function parseFileUri(uri: string, rest: string): ModelUri {
  if (rest.startsWith('//')) {
    try {
      return { kind: 'local', uri, path: path.resolve(fileURLToPath(uri)) };
    } catch (error) {
      throw MillraceError.invalidParameterValue(
        `Not a proper file: URI: ${uri}. ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw MillraceError.invalidParameterValue(
      `Not a proper file: URI: ${uri}. It has an invalid percent-encoding.`,
    );
  }
  return { kind: 'local', uri, path: path.resolve(decoded) };
}

/**
 * Parses a model URI (model-format.md §9): a local path or `file:` URI (→ absolute path),
 * `runs:/<run_id>/<path>`, `models:/<name>/<version|latest|stage>[/<sub/path>]`,
 * `models:/<name>@<alias>[/<sub/path>]`, `models:/<model_id>`, or another scheme kept as an
 * artifact location. Malformed `runs:`/`models:` URIs are INVALID_PARAMETER_VALUE with MLflow's
 * messages.
 */
export function parseModelUri(uri: string): ModelUri {
  if (typeof uri !== 'string' || uri.trim() === '') {
    throw MillraceError.invalidParameterValue('A model URI must be a non-empty string.');
  }
  const scheme = SCHEME.exec(uri);
  // A single letter before ':' is a Windows drive (C:\models\m), not a scheme.
  if (scheme === null || scheme[1]?.length === 1) {
    return { kind: 'local', uri, path: path.resolve(uri) };
  }
  const name = (scheme[1] ?? '').toLowerCase();
  const rest = uri.slice(scheme[0].length);
  switch (name) {
    case 'file':
      return parseFileUri(uri, rest);
    case 'runs':
      return parseRunsUri(uri, rest);
    case 'models':
      return parseModelsUri(uri, rest);
    default:
      return { kind: 'artifact', uri, scheme: name };
  }
}
