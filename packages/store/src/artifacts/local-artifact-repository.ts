import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { MillraceError } from '@millrace/core';
import {
  artifactBaseName,
  compareArtifactPaths,
  invalidArtifactPath,
  joinArtifactPath,
  normalizeArtifactPath,
} from './artifact-path.js';
import type { ArtifactFileInfo, ArtifactRepository, MultipartUploadPart } from './artifact-repository.js';
import { LocalMultipartStaging } from './local-multipart-staging.js';
import { LocalRootGuard, RESERVED_NAME_PREFIX } from './local-root-guard.js';
import { checkCompletedParts } from './multipart-checks.js';
import { writeStreamToFile } from './write-stream-to-file.js';

/** Read in 1 MiB chunks (MLflow streams downloads in 1 MiB chunks too). */
const READ_CHUNK_BYTES = 1024 * 1024;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function artifactFileNotFound(artifactPath: string): MillraceError {
  return new MillraceError('RESOURCE_DOES_NOT_EXIST', `No artifact file at '${artifactPath}'.`);
}

function pathConflict(artifactPath: string): MillraceError {
  return new MillraceError(
    'INVALID_PARAMETER_VALUE',
    `Cannot write the artifact '${artifactPath}': a directory is at that path, or a file is where a parent directory should be.`,
  );
}

/** A path with something to write: not the root. */
function filePath(artifactPath: string): string {
  const normalized = normalizeArtifactPath(artifactPath);
  if (normalized === '') throw invalidArtifactPath();
  return normalized;
}

async function* concatenate(files: readonly string[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
      yield chunk as Buffer;
    }
  }
}

/**
 * Artifacts in a local directory (`--artifacts-destination ./mlartifacts`, `file:///…` roots).
 * Files are written to a temporary name in their directory and renamed into place, so readers
 * never see partial files; names starting with `.millrace-` are the repository's own (upload
 * temporaries, multipart staging under `.millrace-multipart/`): hidden from listings and refused
 * as artifact paths. Symbolic links are followed only while they stay inside the root.
 */
export function createLocalArtifactRepository(rootDirectory: string): ArtifactRepository {
  const guard = new LocalRootGuard(rootDirectory);
  const staging = new LocalMultipartStaging(
    path.join(guard.rootDirectory, `${RESERVED_NAME_PREFIX}multipart`),
  );

  async function entryInfo(
    directory: string,
    name: string,
    parent: string,
  ): Promise<ArtifactFileInfo | undefined> {
    const location = path.join(directory, name);
    try {
      const real = await realpath(location);
      if (!(await guard.contains(real))) return undefined;
      const info = await stat(real);
      const entryPath = joinArtifactPath(parent, name);
      if (info.isDirectory()) return { path: entryPath, isDir: true };
      if (info.isFile()) return { path: entryPath, isDir: false, fileSize: info.size };
      return undefined;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined; // removed meanwhile, or a dangling link
      throw error;
    }
  }

  /** Writes a stream next to its destination and renames it into place. */
  async function store(artifactPath: string, body: Readable): Promise<number> {
    let parent: string | undefined;
    try {
      parent = await guard.prepareParent(artifactPath, { create: true });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOTDIR' || code === 'EEXIST') throw pathConflict(artifactPath);
      throw error;
    }
    if (parent === undefined) throw pathConflict(artifactPath);
    const temporary = path.join(parent, `${RESERVED_NAME_PREFIX}upload-${randomBytes(12).toString('hex')}`);
    const written = await writeStreamToFile(body, temporary);
    try {
      await rename(temporary, path.join(parent, artifactBaseName(artifactPath)));
    } catch (error) {
      await rm(temporary, { force: true });
      const code = errorCode(error);
      if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') {
        throw pathConflict(artifactPath);
      }
      throw error;
    }
    return written.size;
  }

  async function listArtifacts(directoryPath?: string): Promise<ArtifactFileInfo[]> {
    const parent = normalizeArtifactPath(directoryPath);
    const directory = await guard.resolveExisting(parent);
    if (directory === undefined) return [];
    let names: string[];
    try {
      names = await readdir(directory);
    } catch (error) {
      if (errorCode(error) === 'ENOTDIR' || errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const infos = await Promise.all(
      names
        .filter((name) => !name.startsWith(RESERVED_NAME_PREFIX))
        .map((name) => entryInfo(directory, name, parent)),
    );
    return infos
      .filter((info): info is ArtifactFileInfo => info !== undefined)
      .sort((left, right) => compareArtifactPaths(left.path, right.path));
  }

  return {
    rootUri: pathToFileURL(guard.rootDirectory).href,

    listArtifacts,

    async openArtifact(artifactPath) {
      const normalized = normalizeArtifactPath(artifactPath);
      const real = normalized === '' ? undefined : await guard.resolveExisting(normalized);
      if (real === undefined) throw artifactFileNotFound(normalized);
      const handle = await open(real, 'r');
      try {
        const info = await handle.stat();
        if (!info.isFile()) throw artifactFileNotFound(normalized);
        return {
          stream: handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES, autoClose: true }),
          size: info.size,
        };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async writeArtifact(artifactPath, body) {
      return store(filePath(artifactPath), body);
    },

    async deleteArtifacts(artifactPath) {
      const normalized = normalizeArtifactPath(artifactPath);
      if (normalized === '') {
        for (const entry of await listArtifacts('')) {
          await rm(guard.lexicalPath(entry.path), { recursive: true, force: true });
        }
        return;
      }
      const parent = await guard.prepareParent(normalized, { create: false });
      if (parent === undefined) return;
      await rm(path.join(parent, artifactBaseName(normalized)), { recursive: true, force: true });
    },

    async createMultipartUpload(artifactPath) {
      const normalized = filePath(artifactPath);
      guard.lexicalPath(normalized);
      return staging.create(normalized);
    },

    async uploadPart(artifactPath, uploadId, partNumber, body) {
      return staging.uploadPart(filePath(artifactPath), uploadId, partNumber, body);
    },

    async completeMultipartUpload(artifactPath, uploadId, parts: readonly MultipartUploadPart[]) {
      const normalized = filePath(artifactPath);
      checkCompletedParts(parts);
      const files = await staging.partFiles(normalized, uploadId, parts);
      await store(normalized, Readable.from(concatenate(files)));
      await staging.discard(uploadId);
    },

    async abortMultipartUpload(artifactPath, uploadId) {
      await staging.abort(filePath(artifactPath), uploadId);
    },

    async close() {},
  };
}
