import { joinArtifactPath, normalizeArtifactPath } from '@millrace/store';
import type { WireValue } from '../http/wire-json.js';
import type { ArtifactLocator } from './artifact-locator.js';

/**
 * The answer of the tracking-side listings (`artifacts/list` of a run, a logged model's
 * `artifacts/directories`): `root_uri` is the artifact root as stored, `files` the entries of
 * `path` below it with paths relative to the root (`dir/blob.bin`); directories and empty files
 * carry no `file_size`. A file path or a missing directory lists no files.
 */
export async function listUnderArtifactRoot(
  locator: ArtifactLocator,
  rootUri: string,
  path: string | undefined,
): Promise<{ [field: string]: WireValue }> {
  const relative = normalizeArtifactPath(path);
  const { repository, basePath } = locator.locate(rootUri);
  const listed = await repository.listArtifacts(joinArtifactPath(basePath, relative));
  const files = listed.map((info) => ({
    path: basePath === '' ? info.path : info.path.slice(basePath.length + 1),
    is_dir: info.isDir,
    file_size: info.isDir || info.fileSize === 0 ? undefined : info.fileSize,
  }));
  return { root_uri: rootUri, files: files.length === 0 ? undefined : files };
}
