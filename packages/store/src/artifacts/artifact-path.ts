import { MillraceError } from '@millrace/core';

/** The message MLflow answers (400 INVALID_PARAMETER_VALUE) for an artifact path it refuses. */
export const INVALID_ARTIFACT_PATH_MESSAGE = 'Invalid path';

/** How many further rounds of percent-decoding are inspected for a hidden traversal. */
const MAXIMUM_DECODING_ROUNDS = 3;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
const WINDOWS_DRIVE = /^[A-Za-z]:/;

export function invalidArtifactPath(): MillraceError {
  return new MillraceError('INVALID_PARAMETER_VALUE', INVALID_ARTIFACT_PATH_MESSAGE);
}

/** True when a path (in any decoding round) reaches outside its root or names a file system root. */
function escapesRoot(path: string): boolean {
  return (
    path.includes('\0') ||
    path.includes('\\') ||
    path.startsWith('/') ||
    WINDOWS_DRIVE.test(path) ||
    path.split('/').includes('..')
  );
}

function decodeOnce(path: string): string | undefined {
  if (!PERCENT_ESCAPE.test(path)) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/**
 * The one check every artifact path goes through (every route, every repository): a path relative
 * to an artifact root, as it arrives (URL paths already percent-decoded once by the router).
 * Refused with 400 INVALID_PARAMETER_VALUE `Invalid path`: `..` segments, absolute paths
 * (`/etc`, `C:`), backslashes, NUL bytes, `#` (as MLflow), and the same forms hidden under one or
 * more further levels of percent-encoding (`%2e%2e`, `%252e%252e`, `%2f`, `%5c`, `%00`).
 *
 * Returns the path normalised: `/`-separated, without empty or `.` segments, '' for the root
 * (`undefined` and '' are the root too).
 */
export function normalizeArtifactPath(path: string | undefined): string {
  if (path === undefined || path === '') return '';
  if (path.includes('#') || escapesRoot(path)) throw invalidArtifactPath();
  let decoded = decodeOnce(path);
  for (let round = 0; decoded !== undefined && round < MAXIMUM_DECODING_ROUNDS; round++) {
    if (escapesRoot(decoded)) throw invalidArtifactPath();
    decoded = decodeOnce(decoded);
  }
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** Joins normalised artifact paths ('' is the root): `joinArtifactPath('1/run', 'model')` is `1/run/model`. */
export function joinArtifactPath(...paths: string[]): string {
  return paths.filter((path) => path !== '').join('/');
}

/** The last segment of a normalised artifact path. */
export function artifactBaseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Orders paths by Unicode code points, as S3 orders keys (UTF-8 byte order) and Python orders strings. */
export function compareArtifactPaths(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}
