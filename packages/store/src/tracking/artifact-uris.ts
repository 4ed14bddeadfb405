/** The default artifact root with artifact proxying on: experiment 1 lives at `mlflow-artifacts:/1`. */
export const DEFAULT_ARTIFACT_ROOT = 'mlflow-artifacts:/';

/** Joins URI path segments with single slashes: `mlflow-artifacts:/` + `1` is `mlflow-artifacts:/1`. */
export function appendToUri(base: string, ...segments: string[]): string {
  let joined = base.replace(/\/+$/, '');
  for (const segment of segments) joined += `/${segment}`;
  return joined;
}

/** An experiment's default artifact location under the store's artifact root. */
export function experimentArtifactLocation(artifactRoot: string, experimentId: string): string {
  return appendToUri(artifactRoot, experimentId);
}

/** `<experiment artifact_location>/<run_id>/artifacts`. */
export function runArtifactUri(experimentArtifactLocation: string, runId: string): string {
  return appendToUri(experimentArtifactLocation, runId, 'artifacts');
}
