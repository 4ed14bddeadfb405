import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MillraceError } from '@millrace/core';
import { fileInfoFromWire, type FileInfo } from '../entities/file-info.js';
import type { HttpClient } from '../http/http-client.js';
import { asRecord, listField } from '../wire/wire-reader.js';
import {
  artifactFileUrl,
  checkArtifactPath,
  joinArtifactPath,
  resolveArtifactLocation,
  type ProxiedArtifactLocation,
} from './artifact-location.js';
import { guessContentType } from './content-type.js';
import { runWithConcurrency } from './run-with-concurrency.js';
import { countingStream, silentTransferProgress, type TransferProgressFactory } from './transfer-progress.js';

/** Files moved at the same time by uploads and downloads of directories. */
const TRANSFER_CONCURRENCY = 4;

/**
 * The artifacts under one artifact URI (a run's, a logged model's), read and written through the
 * tracking server's proxied artifact service. Paths are relative to that URI.
 */
export interface ArtifactRepository {
  readonly artifactUri: string;
  readonly location: ProxiedArtifactLocation;
  /** The entries of a directory, with paths relative to the repository root (`model/MLmodel`). */
  list(relativePath?: string): Promise<FileInfo[]>;
  /** Every file below a directory (recursively), paths relative to the repository root. */
  listFiles(relativePath?: string): Promise<FileInfo[]>;
  /** Uploads one file (streamed) to `<artifactPath>/<file name>`. */
  uploadFile(localFile: string, artifactPath?: string): Promise<void>;
  /** Uploads the files of a directory (streamed) under `artifactPath`, but those listed in `exclude` (relative paths). */
  uploadDirectory(
    localDirectory: string,
    artifactPath?: string,
    options?: { exclude?: string[] },
  ): Promise<void>;
  /**
   * Downloads a file or a directory (streamed) into `destinationDirectory`; returns the local
   * path of what was downloaded (`<destination>/<base name>`, or the destination itself for the root).
   * `files`: the recursive listing of `relativePath` when the caller already has it.
   */
  download(
    relativePath: string | undefined,
    destinationDirectory: string,
    files?: FileInfo[],
  ): Promise<string>;
}

async function localFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();
}

function toPosix(relativePath: string): string {
  return relativePath.split(path.sep).join('/');
}

/** Runs a transfer followed by `progress`, which ends whatever happens. */
async function followed<T>(
  progress: TransferProgressFactory,
  direction: 'upload' | 'download',
  target: string,
  transfer: (tracker: ReturnType<TransferProgressFactory>) => Promise<T>,
): Promise<T> {
  const tracker = progress({ direction, target });
  try {
    return await transfer(tracker);
  } finally {
    tracker.end();
  }
}

export function createArtifactRepository(
  http: HttpClient,
  artifactUri: string,
  trackingUri: string = http.baseUrl,
  progress: TransferProgressFactory = silentTransferProgress,
): ArtifactRepository {
  const location = resolveArtifactLocation(artifactUri, trackingUri);
  const describe = (relativePath: string | undefined): string =>
    relativePath === undefined || relativePath === '' ? artifactUri : `${artifactUri}/${relativePath}`;

  async function list(relativePath?: string): Promise<FileInfo[]> {
    checkArtifactPath(relativePath);
    const listed = joinArtifactPath(location.path, relativePath);
    const answer = asRecord(
      await http.json({
        method: 'GET',
        path: location.serviceUrl,
        query: listed === '' ? {} : { path: listed },
        idempotent: true,
      }),
      'artifact listing',
    );
    return listField(answer, 'files').map((item) => {
      const info = fileInfoFromWire(item);
      // The service answers base names; some servers answer longer paths: keep the last segment.
      const baseName =
        info.path
          .split('/')
          .filter((segment) => segment !== '')
          .at(-1) ?? info.path;
      return { ...info, path: joinArtifactPath(relativePath, baseName) };
    });
  }

  async function listFiles(relativePath?: string): Promise<FileInfo[]> {
    const files: FileInfo[] = [];
    for (const entry of await list(relativePath)) {
      if (entry.isDir) files.push(...(await listFiles(entry.path)));
      else files.push(entry);
    }
    return files;
  }

  async function uploadFile(localFile: string, artifactPath?: string): Promise<void> {
    checkArtifactPath(artifactPath);
    const size = (await stat(localFile)).size;
    const target = joinArtifactPath(artifactPath, path.basename(localFile));
    await followed(progress, 'upload', describe(target), async (tracker) => {
      tracker.addTotal(size);
      await putFile(localFile, target, size, tracker.advance);
    });
  }

  async function putFile(
    localFile: string,
    target: string,
    size: number,
    onBytes: (bytes: number) => void,
  ): Promise<void> {
    let sent = 0;
    await http.send(
      {
        method: 'PUT',
        path: artifactFileUrl(location, target),
        headers: { 'content-type': guessContentType(localFile), 'content-length': String(size) },
        body: () => {
          // A retry sends the file again from its start.
          onBytes(-sent);
          sent = 0;
          return countingStream(createReadStream(localFile), (bytes) => {
            sent += bytes;
            onBytes(bytes);
          });
        },
        idempotent: true,
      },
      async (response) => {
        await response.body.dump();
      },
    );
  }

  async function uploadDirectory(
    localDirectory: string,
    artifactPath?: string,
    options: { exclude?: string[] } = {},
  ): Promise<void> {
    checkArtifactPath(artifactPath);
    const excluded = new Set(options.exclude ?? []);
    const files = (await localFiles(localDirectory)).filter((file) => !excluded.has(toPosix(file)));
    await followed(progress, 'upload', describe(artifactPath), async (tracker) => {
      const sized = await Promise.all(
        files.map(async (relativeFile) => {
          const localFile = path.join(localDirectory, relativeFile);
          return { relativeFile, localFile, size: (await stat(localFile)).size };
        }),
      );
      tracker.addTotal(sized.reduce((total, file) => total + file.size, 0));
      await runWithConcurrency(sized, TRANSFER_CONCURRENCY, async ({ relativeFile, localFile, size }) => {
        await putFile(
          localFile,
          joinArtifactPath(artifactPath, toPosix(relativeFile)),
          size,
          tracker.advance,
        );
      });
    });
  }

  async function downloadFile(
    relativePath: string,
    destinationFile: string,
    tracker: ReturnType<TransferProgressFactory>,
    expectedSize?: number,
  ): Promise<void> {
    await mkdir(path.dirname(destinationFile), { recursive: true });
    const partial = `${destinationFile}.part-${process.pid}-${Math.random().toString(36).slice(2)}`;
    let received = 0;
    try {
      await http.send(
        { method: 'GET', path: artifactFileUrl(location, relativePath), idempotent: true },
        (response) => {
          // A retry downloads the file again from its start.
          tracker.advance(-received);
          received = 0;
          if (expectedSize === undefined) {
            const length = Number(response.headers['content-length']);
            if (Number.isSafeInteger(length) && length > 0) tracker.addTotal(length);
          }
          const counted = countingStream(response.body, (bytes) => {
            received += bytes;
            tracker.advance(bytes);
          });
          return pipeline(counted, createWriteStream(partial));
        },
      );
      if (expectedSize !== undefined) {
        const size = (await stat(partial)).size;
        if (size !== expectedSize) {
          throw new MillraceError(
            'DATA_LOSS',
            `Downloaded ${size} bytes of artifact '${relativePath}' at ${artifactUri}, the listing said ${expectedSize}.`,
          );
        }
      }
      await rename(partial, destinationFile);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async function download(
    relativePath: string | undefined,
    destinationDirectory: string,
    listedFiles?: FileInfo[],
  ): Promise<string> {
    checkArtifactPath(relativePath);
    const normalized = joinArtifactPath(relativePath);
    const files = listedFiles ?? (await listFiles(normalized === '' ? undefined : normalized));
    const baseName = normalized.split('/').at(-1) ?? '';
    if (files.length === 0) {
      if (normalized === '') {
        await mkdir(destinationDirectory, { recursive: true });
        return destinationDirectory;
      }
      // An empty listing: a file (listing a file gives nothing) or nothing at all (the GET fails).
      const destinationFile = path.join(destinationDirectory, baseName);
      await followed(progress, 'download', describe(normalized), (tracker) =>
        downloadFile(normalized, destinationFile, tracker),
      );
      return destinationFile;
    }
    const root = normalized === '' ? destinationDirectory : path.join(destinationDirectory, baseName);
    await mkdir(root, { recursive: true });
    await followed(progress, 'download', describe(normalized), async (tracker) => {
      tracker.addTotal(files.reduce((total, file) => total + (file.fileSize ?? 0), 0));
      await runWithConcurrency(files, TRANSFER_CONCURRENCY, async (file) => {
        const inside = normalized === '' ? file.path : file.path.slice(normalized.length + 1);
        await downloadFile(file.path, path.join(root, ...inside.split('/')), tracker, file.fileSize);
      });
    });
    return root;
  }

  return { artifactUri, location, list, listFiles, uploadFile, uploadDirectory, download };
}
