import type { Readable } from 'node:stream';

/** One entry of a directory listing. */
export interface ArtifactFileInfo {
  /** The entry's path relative to the repository root, `/`-separated (`run/artifacts/model/MLmodel`). */
  path: string;
  isDir: boolean;
  /** Bytes, for files (0 for an empty file); absent for directories. */
  fileSize?: number;
}

/** An artifact file opened for reading. */
export interface ArtifactDownload {
  /** The file's bytes; the consumer must read it to the end or destroy it. */
  stream: Readable;
  /** Bytes. */
  size: number;
}

export interface ArtifactWriteOptions {
  /** The number of bytes the body will have, when known (a request's Content-Length). */
  contentLength?: number;
  /** Stored with the object where the backend keeps one (S3). */
  contentType?: string;
}

/** An uploaded part of a multipart upload, as `completeMultipartUpload` wants it back. */
export interface MultipartUploadPart {
  /** 1..10000. */
  partNumber: number;
  /** The part's entity tag, as `uploadPart` returned it (quoted, as S3 writes it). */
  etag: string;
}

/**
 * Where artifacts live: a local directory or an S3 prefix (tracking spec §3.5, §5.1). Paths are
 * relative to the repository's root, `/`-separated; every path goes through
 * `normalizeArtifactPath`, so `..`, absolute paths, backslashes, NUL bytes and their
 * percent-encoded forms are refused with 400 INVALID_PARAMETER_VALUE `Invalid path` (and, on a
 * local disk, symbolic links that lead out of the root too). Files are streamed: no operation
 * holds a whole file in memory.
 *
 * Errors are MillraceErrors: RESOURCE_DOES_NOT_EXIST (404) for a file or multipart upload that is
 * not there, INVALID_PARAMETER_VALUE (400) for refused paths or parts, TEMPORARILY_UNAVAILABLE (503)
 * when the backend asks to slow down; anything else is an internal failure.
 */
export interface ArtifactRepository {
  /** Where the repository is (`file:///…`, `s3://bucket/prefix`), for messages. */
  readonly rootUri: string;

  /**
   * The direct children of a directory ('' or absent: the root), ordered by path. A path that is a
   * file or does not exist has no children: [].
   */
  listArtifacts(path?: string): Promise<ArtifactFileInfo[]>;

  /** Opens a file; RESOURCE_DOES_NOT_EXIST when there is no file at the path (also for a directory). */
  openArtifact(path: string): Promise<ArtifactDownload>;

  /**
   * Stores a file from a stream, replacing any file at the path; parent directories are implicit.
   * Readers never see a partly written file; when the stream fails nothing is stored. Returns the
   * number of bytes stored.
   */
  writeArtifact(path: string, body: Readable, options?: ArtifactWriteOptions): Promise<number>;

  /** Deletes a file or a directory with everything below it ('' or absent: everything). Missing is fine. */
  deleteArtifacts(path?: string): Promise<void>;

  /** Starts a multipart upload of the file at `path`; returns its upload id. */
  createMultipartUpload(path: string): Promise<string>;

  /**
   * Stores part `partNumber` (1..10000) of an upload (again: replaced); returns its entity tag.
   * S3 wants every part but the last to be at least 5 MiB.
   */
  uploadPart(
    path: string,
    uploadId: string,
    partNumber: number,
    body: Readable,
    options?: Pick<ArtifactWriteOptions, 'contentLength'>,
  ): Promise<string>;

  /** Assembles the listed parts (ascending part numbers, the etags `uploadPart` gave) into the file. */
  completeMultipartUpload(
    path: string,
    uploadId: string,
    parts: readonly MultipartUploadPart[],
  ): Promise<void>;

  /** Drops an upload and its parts. */
  abortMultipartUpload(path: string, uploadId: string): Promise<void>;

  /** Releases connections (S3). */
  close(): Promise<void>;
}
