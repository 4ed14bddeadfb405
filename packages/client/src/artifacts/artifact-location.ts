import { MillraceError } from '@millrace/core';

/** The route of the tracking server's proxied artifact service. */
export const ARTIFACT_SERVICE_PATH = '/api/2.0/mlflow-artifacts/artifacts';

/**
 * An artifact location served by a tracking server's proxied artifact service:
 * `<serviceUrl>/<path>` is a file, `<serviceUrl>?path=<path>` lists a directory.
 */
export interface ProxiedArtifactLocation {
  /** e.g. `http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts` (no trailing slash). */
  serviceUrl: string;
  /** The location relative to the artifact root, without leading or trailing slashes (`1/<run_id>/artifacts`). */
  path: string;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * Where an artifact URI lives, as MLflow's client maps it: `mlflow-artifacts:/<p>` is
 * `<tracking URI>/api/2.0/mlflow-artifacts/artifacts/<p>`; a host in it
 * (`mlflow-artifacts://other:5001/<p>`) replaces the tracking server's; an
 * `http(s)://…/api/2.0/mlflow-artifacts/artifacts/<p>` URL is used as it is. Other schemes (s3,
 * gs, local paths …) are not reachable through a tracking server: INVALID_PARAMETER_VALUE.
 */
export function resolveArtifactLocation(artifactUri: string, trackingUri: string): ProxiedArtifactLocation {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(artifactUri)?.[1]?.toLowerCase();
  if (scheme === 'mlflow-artifacts') {
    const rest = artifactUri.slice('mlflow-artifacts:'.length);
    if (rest.startsWith('//')) {
      const authorityEnd = rest.indexOf('/', 2);
      const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, authorityEnd);
      const remainder = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
      if (authority !== '') {
        const protocol = new URL(trackingUri).protocol;
        return {
          serviceUrl: `${protocol}//${authority}${ARTIFACT_SERVICE_PATH}`,
          path: trimSlashes(remainder),
        };
      }
      return { serviceUrl: `${trackingUri}${ARTIFACT_SERVICE_PATH}`, path: trimSlashes(remainder) };
    }
    return { serviceUrl: `${trackingUri}${ARTIFACT_SERVICE_PATH}`, path: trimSlashes(rest) };
  }
  if (scheme === 'http' || scheme === 'https') {
    const url = new URL(artifactUri);
    const at = url.pathname.indexOf(ARTIFACT_SERVICE_PATH);
    if (at !== -1) {
      return {
        serviceUrl: `${url.origin}${url.pathname.slice(0, at)}${ARTIFACT_SERVICE_PATH}`,
        path: trimSlashes(decodeURIComponent(url.pathname.slice(at + ARTIFACT_SERVICE_PATH.length))),
      };
    }
  }
  throw MillraceError.invalidParameterValue(
    `Artifact location '${artifactUri}' is not served by a tracking server: the Millrace client reads and writes ` +
      "artifacts through the tracking server's proxied artifact service (mlflow-artifacts:/ locations). " +
      'Start the server with artifact serving on (the default).',
  );
}

/** `a/b` + `c/d` → `a/b/c/d`, ignoring empty parts and stray slashes. */
export function joinArtifactPath(...parts: (string | undefined | null)[]): string {
  return parts
    .filter((part): part is string => part !== undefined && part !== null)
    .map(trimSlashes)
    .filter((part) => part !== '')
    .join('/');
}

/** The URL of one file of the service, each path segment percent-encoded. */
export function artifactFileUrl(location: ProxiedArtifactLocation, relativePath: string): string {
  const fullPath = joinArtifactPath(location.path, relativePath);
  return `${location.serviceUrl}/${fullPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Checks an artifact path given by a caller: relative, no `..`, no backslashes. */
export function checkArtifactPath(artifactPath: string | undefined): void {
  if (artifactPath === undefined) return;
  const segments = artifactPath.split('/');
  if (
    artifactPath.startsWith('/') ||
    artifactPath.includes('\\') ||
    artifactPath.includes('\0') ||
    segments.some((segment) => segment === '..')
  ) {
    throw MillraceError.invalidParameterValue(
      `Invalid artifact path '${artifactPath}': it must be relative, without '..' segments or backslashes.`,
    );
  }
}
