import type { ArtifactRepository } from '@millrace/store';

/** How the tracking server serves artifacts (`mlflow server` flags in brackets). */
export interface ArtifactServingOptions {
  /**
   * Where proxied artifacts (`mlflow-artifacts:/…` roots) are stored (`--artifacts-destination`,
   * MLflow's default `./mlartifacts`): e.g. `createArtifactRepository('./mlartifacts')` or an
   * `s3://` repository. The caller owns it (closes it after the app).
   */
  artifactsDestination?: ArtifactRepository;
  /**
   * Serve the proxied artifact service `/api/2.0/mlflow-artifacts/...` (`--serve-artifacts`, on by
   * default in MLflow). Off: those routes answer 503 (plain text). Default: on exactly when
   * `artifactsDestination` is given; on without a destination is a configuration error.
   */
  serveArtifacts?: boolean;
  /**
   * Artifact roots that are not proxied (`file:///…`, `./mlruns`, `s3://…`) the server may read
   * and write for runs whose artifact URI lies under one of them — typically the
   * `--default-artifact-root` when it is not `mlflow-artifacts:/`. Other roots (an experiment
   * created with `artifact_location='/'`, say) are not opened by the server. Default: none.
   */
  directArtifactRoots?: readonly string[];
  /** Opens a direct root (default `createArtifactRepository(uri)` with `process.env`). */
  openArtifactRepository?: (uri: string) => ArtifactRepository;
}
