import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { MillraceError } from '@millrace/core';
import {
  compareArtifactPaths,
  invalidArtifactPath,
  joinArtifactPath,
  normalizeArtifactPath,
} from './artifact-path.js';
import type { ArtifactFileInfo, ArtifactRepository } from './artifact-repository.js';
import { checkCompletedParts, checkPartNumber } from './multipart-checks.js';
import { s3ClientConfig, type S3Environment } from './s3-client-config.js';
import { s3Failure } from './s3-errors.js';
import { parseS3Uri } from './s3-uri.js';
import { spoolToTemporaryFile } from './spool-to-temporary-file.js';

export interface S3ArtifactRepositoryOptions {
  /** Where the endpoint, credentials and region come from (see `s3ClientConfig`). Default `process.env`. */
  environment?: S3Environment;
  /** Keys per ListObjectsV2 page, 1..1000. Default 1000. */
  listPageSize?: number;
  /** Parts of one upload sent in parallel; each holds `uploadPartSize` bytes in memory. Default 4. */
  uploadQueueSize?: number;
  /** Bytes per part of the multipart uploads `writeArtifact` makes for large files, at least 5 MiB. Default 8 MiB. */
  uploadPartSize?: number;
}

const MINIMUM_PART_SIZE = 5 * 1024 * 1024;

interface S3Sdk {
  client: typeof import('@aws-sdk/client-s3');
  storage: typeof import('@aws-sdk/lib-storage');
}

let sdkLoading: Promise<S3Sdk> | undefined;

/** The AWS SDK is loaded on first use only: servers without S3 artifacts never pay for it. */
function loadS3Sdk(): Promise<S3Sdk> {
  sdkLoading ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(
    ([client, storage]) => ({ client, storage }),
  );
  return sdkLoading;
}

/** A name S3 lists that is one safe path segment (other tools may write keys such as `a/../b`). */
function isSafeName(name: string): boolean {
  if (name === '' || name.includes('/')) return false;
  try {
    return normalizeArtifactPath(name) === name;
  } catch {
    return false;
  }
}

/**
 * Artifacts under an S3 prefix (`s3://bucket/prefix`), through the AWS SDK v3; any S3-compatible
 * store works with `MLFLOW_S3_ENDPOINT_URL`. Directories are key prefixes (`a/b/` lists as
 * directory `a/b`). Uploads stream through `@aws-sdk/lib-storage` (one PutObject for small files,
 * a multipart upload of `uploadPartSize` parts for large ones); downloads stream the GetObject body.
 */
export function createS3ArtifactRepository(
  uri: string,
  options: S3ArtifactRepositoryOptions = {},
): ArtifactRepository {
  const { bucket, prefix } = parseS3Uri(uri);
  const listPageSize = options.listPageSize ?? 1000;
  const uploadQueueSize = options.uploadQueueSize ?? 4;
  const uploadPartSize = options.uploadPartSize ?? 8 * 1024 * 1024;
  if (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000) {
    throw new RangeError(`listPageSize must be an integer from 1 to 1000, got ${listPageSize}.`);
  }
  if (!Number.isInteger(uploadPartSize) || uploadPartSize < MINIMUM_PART_SIZE) {
    throw new RangeError(`uploadPartSize must be at least 5 MiB, got ${uploadPartSize}.`);
  }
  const config = s3ClientConfig(options.environment ?? process.env);
  let connecting: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

  function connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    connecting ??= loadS3Sdk().then((sdk) => ({ sdk, client: new sdk.client.S3Client(config) }));
    return connecting;
  }

  function keyFor(artifactPath: string): string {
    return joinArtifactPath(prefix, artifactPath);
  }

  /** A path naming a file: not the root. */
  function filePath(artifactPath: string): string {
    const normalized = normalizeArtifactPath(artifactPath);
    if (normalized === '') throw invalidArtifactPath();
    return normalized;
  }

  async function* keysUnder(keyPrefix: string): AsyncGenerator<string[]> {
    const { sdk, client } = await connect();
    let continuationToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.client.ListObjectsV2Command({
          Bucket: bucket,
          Prefix: keyPrefix,
          MaxKeys: listPageSize,
          ContinuationToken: continuationToken,
        }),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      if (keys.length > 0) yield keys;
      continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  return {
    rootUri: prefix === '' ? `s3://${bucket}` : `s3://${bucket}/${prefix}`,

    async listArtifacts(directoryPath) {
      const parent = normalizeArtifactPath(directoryPath);
      const key = keyFor(parent);
      const keyPrefix = key === '' ? '' : `${key}/`;
      const { sdk, client } = await connect();
      const infos: ArtifactFileInfo[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new sdk.client.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: keyPrefix,
            Delimiter: '/',
            MaxKeys: listPageSize,
            ContinuationToken: continuationToken,
          }),
        );
        for (const common of page.CommonPrefixes ?? []) {
          const name = (common.Prefix ?? '').slice(keyPrefix.length, -1);
          if (isSafeName(name)) infos.push({ path: joinArtifactPath(parent, name), isDir: true });
        }
        for (const object of page.Contents ?? []) {
          const name = (object.Key ?? '').slice(keyPrefix.length);
          if (isSafeName(name)) {
            infos.push({ path: joinArtifactPath(parent, name), isDir: false, fileSize: object.Size ?? 0 });
          }
        }
        continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
      return infos.sort((left, right) => compareArtifactPaths(left.path, right.path));
    },

    async openArtifact(artifactPath) {
      const normalized = normalizeArtifactPath(artifactPath);
      if (normalized === '') {
        throw new MillraceError('RESOURCE_DOES_NOT_EXIST', `No artifact file at '${normalized}'.`);
      }
      const { sdk, client } = await connect();
      try {
        const object = await client.send(
          new sdk.client.GetObjectCommand({ Bucket: bucket, Key: keyFor(normalized) }),
        );
        if (!(object.Body instanceof Readable)) throw new Error('S3 GetObject gave no readable body.');
        return { stream: object.Body, size: object.ContentLength ?? 0 };
      } catch (error) {
        throw s3Failure(error, { path: normalized });
      }
    },

    async writeArtifact(artifactPath, body, writeOptions = {}) {
      const normalized = filePath(artifactPath);
      const { sdk, client } = await connect();
      let size = 0;
      const counted = body.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            size += chunk.length;
            callback(null, chunk);
          },
        }),
      );
      body.once('error', (error) => counted.destroy(error));
      const upload = new sdk.storage.Upload({
        client,
        params: {
          Bucket: bucket,
          Key: keyFor(normalized),
          Body: counted,
          ...(writeOptions.contentType === undefined ? {} : { ContentType: writeOptions.contentType }),
        },
        queueSize: uploadQueueSize,
        partSize: uploadPartSize,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        throw s3Failure(error, { path: normalized });
      }
      return size;
    },

    async deleteArtifacts(artifactPath) {
      const normalized = normalizeArtifactPath(artifactPath);
      const key = keyFor(normalized);
      const { sdk, client } = await connect();
      if (normalized !== '')
        await client.send(new sdk.client.DeleteObjectCommand({ Bucket: bucket, Key: key }));
      for await (const keys of keysUnder(key === '' ? '' : `${key}/`)) {
        const result = await client.send(
          new sdk.client.DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        const [failed] = result.Errors ?? [];
        if (failed !== undefined) {
          throw new Error(
            `S3 could not delete '${failed.Key ?? ''}': ${failed.Code ?? ''} ${failed.Message ?? ''}`,
          );
        }
      }
    },

    async createMultipartUpload(artifactPath) {
      const normalized = filePath(artifactPath);
      const { sdk, client } = await connect();
      let uploadId: string | undefined;
      try {
        const created = await client.send(
          new sdk.client.CreateMultipartUploadCommand({ Bucket: bucket, Key: keyFor(normalized) }),
        );
        uploadId = created.UploadId;
      } catch (error) {
        throw s3Failure(error, { path: normalized });
      }
      if (uploadId === undefined) throw new Error('S3 CreateMultipartUpload gave no upload id.');
      return uploadId;
    },

    async uploadPart(artifactPath, uploadId, partNumber, body, partOptions = {}) {
      const normalized = filePath(artifactPath);
      checkPartNumber(partNumber);
      const { sdk, client } = await connect();
      // UploadPart needs the part's length up front: a body of unknown length goes to a temporary file first.
      const spooled = partOptions.contentLength === undefined ? await spoolToTemporaryFile(body) : undefined;
      try {
        const uploaded = await client.send(
          new sdk.client.UploadPartCommand({
            Bucket: bucket,
            Key: keyFor(normalized),
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: spooled === undefined ? body : createReadStream(spooled.path),
            ContentLength: spooled === undefined ? partOptions.contentLength : spooled.size,
          }),
        );
        if (uploaded.ETag === undefined) throw new Error('S3 UploadPart gave no ETag.');
        return uploaded.ETag;
      } catch (error) {
        throw s3Failure(error, { path: normalized, uploadId });
      } finally {
        await spooled?.dispose();
      }
    },

    async completeMultipartUpload(artifactPath, uploadId, parts) {
      const normalized = filePath(artifactPath);
      checkCompletedParts(parts);
      const { sdk, client } = await connect();
      try {
        await client.send(
          new sdk.client.CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: keyFor(normalized),
            UploadId: uploadId,
            MultipartUpload: {
              Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })),
            },
          }),
        );
      } catch (error) {
        throw s3Failure(error, { path: normalized, uploadId });
      }
    },

    async abortMultipartUpload(artifactPath, uploadId) {
      const normalized = filePath(artifactPath);
      const { sdk, client } = await connect();
      try {
        await client.send(
          new sdk.client.AbortMultipartUploadCommand({
            Bucket: bucket,
            Key: keyFor(normalized),
            UploadId: uploadId,
          }),
        );
      } catch (error) {
        throw s3Failure(error, { path: normalized, uploadId });
      }
    },

    async close() {
      if (connecting !== undefined) (await connecting).client.destroy();
    },
  };
}
