import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MultipartUploadPart } from './artifact-repository.js';
import { checkPartNumber, invalidPart, unknownMultipartUpload } from './multipart-checks.js';
import { writeStreamToFile } from './write-stream-to-file.js';

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const MD5_HEX = /^[0-9a-f]{32}$/;
const UPLOAD_RECORD = 'upload.json';

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function bareEtag(etag: string): string {
  return etag.trim().replace(/^"(.*)"$/, '$1');
}

/**
 * The parts of multipart uploads to a local directory, kept until completion in a staging
 * directory (one folder per upload id holding `upload.json` and the part files, each named by its
 * number and MD5 so that an etag identifies exactly the bytes it was given for).
 */
export class LocalMultipartStaging {
  constructor(readonly stagingDirectory: string) {}

  async create(artifactPath: string): Promise<string> {
    const uploadId = randomBytes(16).toString('hex');
    const directory = path.join(this.stagingDirectory, uploadId);
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, UPLOAD_RECORD), JSON.stringify({ path: artifactPath }));
    return uploadId;
  }

  /** The upload's folder, if the id names an upload of this very path. */
  async #uploadDirectory(artifactPath: string, uploadId: string): Promise<string> {
    if (!UPLOAD_ID.test(uploadId)) throw unknownMultipartUpload(uploadId);
    const directory = path.join(this.stagingDirectory, uploadId);
    let record: unknown;
    try {
      record = JSON.parse(await readFile(path.join(directory, UPLOAD_RECORD), 'utf8'));
    } catch (error) {
      if (isMissing(error)) throw unknownMultipartUpload(uploadId);
      throw error;
    }
    if ((record as { path?: unknown }).path !== artifactPath) throw unknownMultipartUpload(uploadId);
    return directory;
  }

  async uploadPart(
    artifactPath: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
  ): Promise<string> {
    checkPartNumber(partNumber);
    const directory = await this.#uploadDirectory(artifactPath, uploadId);
    const temporary = path.join(directory, `incoming-${randomBytes(8).toString('hex')}`);
    const written = await writeStreamToFile(body, temporary);
    await rename(temporary, path.join(directory, `part-${partNumber}-${written.md5}`));
    return `"${written.md5}"`;
  }

  /** The files of the listed parts, in order; refuses parts never uploaded with that etag. */
  async partFiles(
    artifactPath: string,
    uploadId: string,
    parts: readonly MultipartUploadPart[],
  ): Promise<string[]> {
    const directory = await this.#uploadDirectory(artifactPath, uploadId);
    const files: string[] = [];
    for (const part of parts) {
      const md5 = bareEtag(part.etag);
      if (!MD5_HEX.test(md5)) throw invalidPart(part.partNumber);
      const file = path.join(directory, `part-${part.partNumber}-${md5}`);
      try {
        await stat(file);
      } catch (error) {
        if (isMissing(error)) throw invalidPart(part.partNumber);
        throw error;
      }
      files.push(file);
    }
    return files;
  }

  async abort(artifactPath: string, uploadId: string): Promise<void> {
    const directory = await this.#uploadDirectory(artifactPath, uploadId);
    await rm(directory, { recursive: true, force: true });
  }

  /** Drops a completed upload's parts. */
  async discard(uploadId: string): Promise<void> {
    if (UPLOAD_ID.test(uploadId)) {
      await rm(path.join(this.stagingDirectory, uploadId), { recursive: true, force: true });
    }
  }
}
