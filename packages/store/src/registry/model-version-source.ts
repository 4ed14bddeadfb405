import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '@millrace/core';
import { findLoggedModelRow } from '../logged-models/logged-models.js';
import { appendToUri } from '../tracking/artifact-uris.js';
import { findRunRow } from '../tracking/runs.js';
import type { QueryExecutor } from '../tracking/store-context.js';
import { DELETED_MODEL_VERSION_STAGE } from './registry-entities.js';
import { canonicalStage, parseVersionNumber } from './registry-validation.js';

/*
 * Model version sources (tracking spec §2.10): which ones are accepted, and where the files of a
 * `models:/` or `runs:/` source really are (what get-download-uri answers).
 */

/** The parts of a URI as Python's `urllib.parse.urlparse` splits them. */
interface ParsedUri {
  /** Lower-cased; '' when there is none. */
  scheme: string;
  /** The authority after `//`, '' when there is none. */
  netloc: string;
  path: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

function parseUri(uri: string): ParsedUri {
  let rest = uri;
  let scheme = '';
  const match = SCHEME.exec(uri);
  if (match?.[1] !== undefined) {
    scheme = match[1].toLowerCase();
    rest = uri.slice(match[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end === -1 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end === -1 ? '' : rest.slice(end + 2);
  }
  const pathEnd = rest.search(/[?#]/);
  return { scheme, netloc, path: pathEnd === -1 ? rest : rest.slice(0, pathEnd) };
}

/** Python's `unquote_plus`: `+` is a space, `%XX` a byte; malformed escapes stay as they are. */
function unquotePlus(text: string): string {
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

function hostOf(netloc: string): string {
  const withoutUser = netloc.slice(netloc.lastIndexOf('@') + 1);
  return withoutUser.replace(/:\d*$/, '').toLowerCase();
}

/** Whether a URI names a file on this machine (no scheme, or `file:` on localhost). */
export function isLocalUri(uri: string): boolean {
  const parsed = parseUri(uri);
  if (parsed.scheme === '') return true;
  if (parsed.scheme !== 'file') return false;
  const host = hostOf(parsed.netloc);
  if (host !== '' && host !== '.' && !host.startsWith('localhost') && !host.startsWith('127.0.0.1')) {
    throw new MillraceError(
      'INVALID_PARAMETER_VALUE',
      `${uri} is not a valid remote uri. For remote access on windows, please consider using a different scheme such as SMB (e.g. smb://<hostname>/<path>).`,
    );
  }
  return true;
}

/** The absolute, normalised local path of a local URI (`file:///a/b`, `/a/b`, `a/b`). */
function localPath(uri: string): string {
  const parsed = parseUri(uri);
  if (parsed.scheme !== 'file') return path.posix.resolve(uri);
  let filePath: string;
  try {
    filePath = fileURLToPath(`file://${parsed.path}`);
  } catch {
    filePath = unquotePlus(parsed.path);
  }
  return path.posix.resolve(filePath);
}

function relativePathsRefused(source: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
  );
}

/**
 * A remote source must name an absolute path without `..` segments, also once percent-decoded
 * (repeatedly) and normalised, and without NUL bytes.
 */
function validateRemoteSource(source: string): void {
  let decoded = source;
  for (let unquoted = unquotePlus(decoded); unquoted !== decoded; unquoted = unquotePlus(decoded)) {
    decoded = unquoted;
  }
  const sourcePath = parseUri(decoded).path.replace(/\/+$/, '').replace(/\/+/g, '/');
  if (sourcePath.includes('\u0000') || decoded.split('/').includes('..')) throw relativePathsRefused(source);
  if (path.posix.resolve(sourcePath) !== sourcePath) throw relativePathsRefused(source);
}

function isInside(directory: string, candidate: string): boolean {
  return (
    candidate === directory || candidate.startsWith(directory.endsWith('/') ? directory : `${directory}/`)
  );
}

/** What a new model version is made from, as the request gives it. */
export interface ModelVersionSourceRequest {
  name: string;
  source: string;
  runId?: string;
  modelId?: string;
  /** Prompt versions skip source validation (their source is a placeholder). */
  isPrompt: boolean;
}

export interface ResolvedModelVersionSource {
  /** Where the files are when that is not `source` itself; null otherwise. */
  storageLocation: string | null;
  /** The run, when the request gave none and the source names one (a logged model's source run). */
  runId?: string;
}

/**
 * Refuses sources MLflow refuses: local paths outside the artifact directory of the given run
 * (or logged model), and remote URIs with relative path references.
 */
async function validateSource(db: QueryExecutor, request: ModelVersionSourceRequest): Promise<void> {
  if (request.isPrompt) return;
  const { source } = request;
  if (!isLocalUri(source)) {
    validateRemoteSource(source);
    return;
  }
  const owner =
    request.modelId !== undefined && request.modelId !== ''
      ? { kind: 'model_id', location: (await findLoggedModelRow(db, request.modelId)).artifact_location }
      : request.runId !== undefined && request.runId !== ''
        ? { kind: 'run_id', location: (await findRunRow(db, request.runId)).artifact_uri }
        : undefined;
  const shown = owner === undefined ? source : localPath(source);
  if (owner !== undefined && isLocalUri(owner.location) && isInside(localPath(owner.location), shown)) return;
  const by = owner?.kind ?? 'run_id';
  throw new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Invalid model version source: '${shown}'. To use a local path as a model version source, the ${by} request parameter has to be specified and the local path has to be contained within the artifact directory of the ${by === 'model_id' ? 'model' : 'run'} specified by the ${by}.`,
  );
}

function unableToFetch(source: string, reason: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Unable to fetch model from model URI source artifact location '${source}'. Error: ${reason}`,
  );
}

/** The storage location of another registry version named by `models:/<name>/<version|stage|latest>` or `@alias`. */
async function registryVersionLocation(
  db: QueryExecutor,
  source: string,
  reference: string,
): Promise<string> {
  const at = reference.lastIndexOf('@');
  const slash = reference.lastIndexOf('/');
  let query = db
    .selectFrom('model_versions')
    .innerJoin(
      'registered_models',
      'registered_models.registered_model_id',
      'model_versions.registered_model_id',
    )
    .select(['model_versions.source', 'model_versions.storage_location'])
    .where('model_versions.current_stage', '!=', DELETED_MODEL_VERSION_STAGE);
  if (at !== -1) {
    query = query
      .innerJoin('registered_model_aliases', (join) =>
        join
          .onRef('registered_model_aliases.registered_model_id', '=', 'model_versions.registered_model_id')
          .onRef('registered_model_aliases.version', '=', 'model_versions.version'),
      )
      .where('registered_models.name', '=', reference.slice(0, at))
      .where('registered_model_aliases.alias', '=', reference.slice(at + 1));
  } else if (slash !== -1) {
    const suffix = reference.slice(slash + 1);
    query = query.where('registered_models.name', '=', reference.slice(0, slash));
    if (/^\d+$/.test(suffix)) query = query.where('model_versions.version', '=', parseVersionNumber(suffix));
    else if (suffix.toLowerCase() !== 'latest') {
      let stage: string;
      try {
        stage = canonicalStage(suffix);
      } catch (error) {
        throw unableToFetch(source, error instanceof Error ? error.message : String(error));
      }
      query = query.where('model_versions.current_stage', '=', stage);
    }
  } else {
    throw unableToFetch(source, 'the URI names no model version.');
  }
  const row = await query.orderBy('model_versions.version', 'desc').executeTakeFirst();
  if (row === undefined) throw unableToFetch(source, 'no such model version.');
  return row.storage_location ?? row.source;
}

/**
 * Validates a new version's source and works out where its files are: a `models:/<model_id>`
 * source is the logged model's artifact location (and its source run, when no run is given); a
 * `models:/<name>/<version>` (or stage, `latest`, `@alias`) source is that version's location; a
 * `runs:/<run_id>/<path>` source is the run's logged model of that name (MLflow 3 layout) or else
 * `<run artifact_uri>/<path>`. Anything else is its own location.
 */
export async function resolveModelVersionSource(
  db: QueryExecutor,
  request: ModelVersionSourceRequest,
): Promise<ResolvedModelVersionSource> {
  await validateSource(db, request);
  const { source } = request;
  const parsed = parseUri(source);
  const runGiven = request.runId !== undefined && request.runId !== '';
  if (parsed.scheme === 'models') {
    const reference = parsed.path.replace(/^\/+/, '').replace(/\/+$/, '');
    if (reference.startsWith('m-') && !reference.includes('/') && !reference.includes('@')) {
      const model = await db
        .selectFrom('logged_models')
        .select(['artifact_location', 'source_run_id'])
        .where('model_id', '=', reference)
        .where('lifecycle_stage', '=', 'active')
        .executeTakeFirst();
      if (model === undefined) throw unableToFetch(source, `Logged model with ID '${reference}' not found.`);
      return !runGiven && model.source_run_id !== ''
        ? { storageLocation: model.artifact_location, runId: model.source_run_id }
        : { storageLocation: model.artifact_location };
    }
    return { storageLocation: await registryVersionLocation(db, source, reference) };
  }
  if (parsed.scheme === 'runs') {
    const [runId = '', ...rest] = parsed.path.replace(/^\/+/, '').split('/');
    const artifactPath = rest.join('/').replace(/\/+$/, '');
    const run = await db
      .selectFrom('runs')
      .select(['artifact_uri'])
      .where('run_uuid', '=', runId)
      .executeTakeFirst();
    if (run === undefined) return { storageLocation: null };
    if (artifactPath !== '') {
      const model = await db
        .selectFrom('logged_models')
        .select('artifact_location')
        .where('source_run_id', '=', runId)
        .where('name', '=', artifactPath)
        .where('lifecycle_stage', '=', 'active')
        .orderBy('creation_timestamp_ms', 'desc')
        .executeTakeFirst();
      if (model !== undefined) return { storageLocation: model.artifact_location };
    }
    return {
      storageLocation: artifactPath === '' ? run.artifact_uri : appendToUri(run.artifact_uri, artifactPath),
    };
  }
  return { storageLocation: null };
}
