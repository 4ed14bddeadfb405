import { MillraceError } from '@millrace/core';

let configuredTrackingUri: string | undefined;

/** The environment variable MLflow's clients read the tracking server's address from. */
export const TRACKING_URI_ENVIRONMENT_VARIABLE = 'MLFLOW_TRACKING_URI';

/**
 * A tracking URI as the client uses it: an `http(s)://` URL without a trailing slash (a path
 * prefix such as `http://host/mlflow` is kept: requests go to `<uri>/api/2.0/...`).
 */
export function normalizeTrackingUri(uri: string): string {
  const trimmed = uri.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw MillraceError.invalidParameterValue(
      `Invalid tracking URI '${uri}': expected an http:// or https:// URL of a tracking server.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw MillraceError.invalidParameterValue(
      `Unsupported tracking URI '${uri}': the Millrace client talks to a tracking server over HTTP; ` +
        'start one with `millrace server` and use its http:// URL.',
    );
  }
  return trimmed.replace(/\/+$/, '');
}

/** Sets the tracking URI the fluent API and clients created without one use (MLflow's `set_tracking_uri`). */
export function setTrackingUri(uri: string): void {
  configuredTrackingUri = normalizeTrackingUri(uri);
}

/** Forgets a URI given to `setTrackingUri` (the environment is read again). */
export function resetTrackingUri(): void {
  configuredTrackingUri = undefined;
}

/**
 * The tracking URI in effect: the one given, else the one set with `setTrackingUri`, else
 * `MLFLOW_TRACKING_URI`. None of them: INVALID_PARAMETER_VALUE (Millrace has no local file store).
 */
export function getTrackingUri(explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return normalizeTrackingUri(explicit);
  if (configuredTrackingUri !== undefined) return configuredTrackingUri;
  const fromEnvironment = process.env[TRACKING_URI_ENVIRONMENT_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return normalizeTrackingUri(fromEnvironment);
  }
  throw MillraceError.invalidParameterValue(
    'No tracking server: pass trackingUri, call setTrackingUri(), or set MLFLOW_TRACKING_URI ' +
      '(for example http://127.0.0.1:5000, where `millrace server` listens by default).',
  );
}
