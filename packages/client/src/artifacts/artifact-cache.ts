import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { joinArtifactPath } from './artifact-location.js';
import type { ArtifactRepository } from './artifact-repository.js';

/**
 * Where downloaded artifacts are kept: `MILLRACE_ARTIFACT_CACHE`, else
 * `$XDG_CACHE_HOME/millrace/artifacts`, else `~/.cache/millrace/artifacts`.
 */
export function defaultArtifactCacheDirectory(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const explicit = environment.MILLRACE_ARTIFACT_CACHE;
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const cacheHome = environment.XDG_CACHE_HOME;
  const base = cacheHome !== undefined && cacheHome !== '' ? cacheHome : path.join(homedir(), '.cache');
  return path.join(base, 'millrace', 'artifacts');
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function isRenameCollision(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM';
}

/**
 * Downloads a file or directory of a repository into the cache and returns its local path, or
 * returns the copy already there. A cache entry is named after the artifact's location and its
 * listing (every file's path and size), so a directory whose files changed gets a new entry, and
 * URIs naming the same files (`models:/name/1`, `models:/name@alias`, `models:/m-…`) share one.
 * Entries appear atomically (downloaded beside, then renamed), so concurrent processes never see
 * half a download; file sizes are checked against the listing.
 */
export async function downloadToCache(
  repository: ArtifactRepository,
  relativePath: string | undefined,
  cacheDirectory: string,
): Promise<string> {
  const normalized = joinArtifactPath(relativePath);
  const files = await repository.listFiles(normalized === '' ? undefined : normalized);
  const identity = [
    `${repository.location.serviceUrl}/${joinArtifactPath(repository.location.path, normalized)}`,
    ...files.map((file) => `${file.path}\t${file.fileSize ?? ''}`).sort(),
  ].join('\n');
  const key = createHash('sha256').update(identity).digest('hex').slice(0, 40);
  const entry = path.join(cacheDirectory, key);
  const baseName = normalized.split('/').at(-1) ?? '';
  // A directory is the entry itself; a single file sits inside its entry under its own name.
  const isDirectory = files.length > 0 || normalized === '';
  const result = isDirectory ? entry : path.join(entry, baseName);
  if (await exists(entry)) return result;

  await mkdir(cacheDirectory, { recursive: true });
  const staging = await mkdtemp(path.join(cacheDirectory, `.staging-${key.slice(0, 12)}-`));
  try {
    const downloaded = await repository.download(normalized === '' ? undefined : normalized, staging, files);
    const prepared = isDirectory ? downloaded : staging;
    try {
      await rename(prepared, entry);
    } catch (error) {
      // Another process published the same entry first: use theirs.
      if (!isRenameCollision(error) || !(await exists(entry))) throw error;
    }
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
