import { MillraceError } from '@millrace/core';
import {
  createArtifactRepository,
  normalizeArtifactPath,
  proxiedArtifactPath,
  type ArtifactRepository,
} from '@millrace/store';
import type { ArtifactServingOptions } from './artifact-serving-options.js';

/** Where the artifacts of a root URI are: a repository and the path of the root inside it. */
export interface ArtifactLocation {
  repository: ArtifactRepository;
  /** Normalised, '' for the repository's root. */
  basePath: string;
}

/** Resolves artifact root URIs (of runs, logged models) to the repositories the server reads. */
export interface ArtifactLocator {
  readonly serveArtifacts: boolean;
  /** The proxied artifacts destination; only called when serving. */
  destination(): ArtifactRepository;
  /**
   * A run's (or model's) artifact root: proxied roots (`mlflow-artifacts:/1/<run>/artifacts`, also in
   * their http(s) form) are paths in the destination; other roots must lie under a configured
   * direct root. Refuses (400) roots that climb out (`mlflow-artifacts:/../x`) or are not served here.
   */
  locate(rootUri: string): ArtifactLocation;
  /** Closes the repositories opened for direct roots. */
  close(): Promise<void>;
}

function trimTrailingSlashes(uri: string): string {
  return uri.replace(/\/+$/, '');
}

export function createArtifactLocator(options: ArtifactServingOptions): ArtifactLocator {
  const serveArtifacts = options.serveArtifacts ?? options.artifactsDestination !== undefined;
  if (serveArtifacts && options.artifactsDestination === undefined) {
    throw new RangeError('serveArtifacts needs an artifactsDestination repository.');
  }
  const openRepository = options.openArtifactRepository ?? ((uri: string) => createArtifactRepository(uri));
  const directRoots = (options.directArtifactRoots ?? [])
    .map(trimTrailingSlashes)
    .filter((root) => root !== '');
  const opened = new Map<string, ArtifactRepository>();

  function destination(): ArtifactRepository {
    if (!serveArtifacts || options.artifactsDestination === undefined) {
      throw new MillraceError(
        'BAD_REQUEST',
        'This artifact root is served by the artifact proxy, which is off on this server (--no-serve-artifacts).',
      );
    }
    return options.artifactsDestination;
  }

  return {
    serveArtifacts,
    destination,
    locate(rootUri) {
      const proxied = proxiedArtifactPath(rootUri);
      if (proxied !== undefined) return { repository: destination(), basePath: proxied };
      const uri = trimTrailingSlashes(rootUri);
      for (const root of directRoots) {
        if (uri !== root && !uri.startsWith(`${root}/`)) continue;
        let repository = opened.get(root);
        if (repository === undefined) {
          repository = openRepository(root);
          opened.set(root, repository);
        }
        return { repository, basePath: normalizeArtifactPath(uri.slice(root.length + 1)) };
      }
      throw new MillraceError(
        'BAD_REQUEST',
        `The artifact root '${rootUri}' is not served by this server: it is neither proxied (mlflow-artifacts:/) nor under a configured artifact root.`,
      );
    },
    async close() {
      const repositories = [...opened.values()];
      opened.clear();
      await Promise.all(repositories.map((repository) => repository.close()));
    },
  };
}
