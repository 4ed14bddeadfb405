import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import { checkSignature, type S3Credentials, type S3Refusal } from './aws-signature-check.js';
import { S3_NAMESPACE, unescapeXml, XML_DECLARATION, xmlElement, xmlElements } from './s3-xml.js';

/**
 * A local S3-compatible server for tests: path-style addressing, one bucket, objects and parts kept
 * in a temporary directory (never whole in memory). It implements the calls the AWS SDK v3 and
 * lib-storage make for Millrace's S3 artifact repository — PutObject, GetObject, HeadObject,
 * ListObjectsV2 (prefix, delimiter, max-keys, continuation), DeleteObject, DeleteObjects,
 * CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload — and checks
 * what it is sent as S3 would: SigV4 signatures, payload SHA-256, aws-chunked bodies with their
 * decoded length and trailing checksums, Content-MD5 and x-amz-checksum-* values, part order,
 * etags and the 5 MiB minimum part size. Anything else is answered 501 NotImplemented, so an
 * unexpected call shows up in the test.
 */
export interface FakeS3Server {
  /** `http://127.0.0.1:<port>`, for MLFLOW_S3_ENDPOINT_URL. */
  endpoint: string;
  bucket: string;
  credentials: S3Credentials;
  region: string;
  /** The environment an S3 artifact repository needs to reach this server. */
  environment: Record<string, string>;
  /** Every request, in order: the S3 operation and the key. */
  requests: { operation: string; key: string }[];
  /**
   * Requests refused because of what they carried (signature, digests, encoding, unimplemented
   * calls) — not for the bucket's state (NoSuchKey, InvalidPart, ...). A test expects none.
   */
  refusals: (S3Refusal & { operation: string })[];
  /** The keys stored, sorted. */
  keys(): string[];
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(): number;
  close(): Promise<void>;
}

export interface FakeS3Options {
  bucket?: string;
  /** Parts other than the last must be at least this many bytes. Default 5 MiB, as S3. */
  minimumPartSize?: number;
}

interface StoredObject {
  file: string;
  size: number;
  etag: string;
  contentType: string;
  lastModified: Date;
}

interface StoredPart {
  file: string;
  size: number;
  md5: Buffer;
}

interface ReceivedBody {
  file: string;
  size: number;
  md5: Buffer;
}

/** Errors about what a request carried (signature, digests, encoding), not about the bucket's state. */
const PROTOCOL_ERRORS = new Set([
  'AccessDenied',
  'AuthorizationHeaderMalformed',
  'BadDigest',
  'IncompleteBody',
  'InvalidAccessKeyId',
  'InvalidArgument',
  'InvalidRequest',
  'MalformedTrailerError',
  'MalformedXML',
  'MissingContentLength',
  'NotImplemented',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
  'XAmzContentSHA256Mismatch',
  'InternalError',
]);

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MIB = 1024 * 1024;
const MAXIMUM_XML_BODY = MIB;

/** S3 orders keys by their UTF-8 bytes. */
function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(compareKeys);
}

function checksumOf(algorithm: string, hashes: { crc32: number; sha256: Buffer; sha1: Buffer }): string {
  switch (algorithm) {
    case 'crc32': {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(hashes.crc32 >>> 0);
      return bytes.toString('base64');
    }
    case 'sha256':
      return hashes.sha256.toString('base64');
    case 'sha1':
      return hashes.sha1.toString('base64');
    default:
      throw new S3Error(501, 'NotImplemented', `The fake cannot verify checksum algorithm '${algorithm}'.`);
  }
}

export async function startFakeS3Server(options: FakeS3Options = {}): Promise<FakeS3Server> {
  const bucket = options.bucket ?? 'millrace-test';
  const minimumPartSize = options.minimumPartSize ?? 5 * MIB;
  const credentials: S3Credentials = {
    accessKeyId: 'AKIAMILLRACETEST',
    secretAccessKey: randomBytes(20).toString('base64'),
  };
  const region = 'us-east-1';
  const dataDirectory = await mkdtemp(path.join(tmpdir(), 'millrace-fake-s3-'));
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, { key: string; parts: Map<number, StoredPart> }>();
  const requests: FakeS3Server['requests'] = [];
  const refusals: FakeS3Server['refusals'] = [];

  function newFile(): string {
    return path.join(dataDirectory, randomBytes(12).toString('hex'));
  }

  /** Reads a request body to a file, decoding aws-chunked and checking every declared digest. */
  async function receiveBody(request: IncomingMessage, payloadHash: string): Promise<ReceivedBody> {
    const headers = request.headers;
    let source: Readable = request;
    let decoder: AwsChunkedDecoder | undefined;
    if (payloadHash === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
      if (!(headers['content-encoding'] ?? '').split(',').some((coding) => coding.trim() === 'aws-chunked')) {
        throw new S3Error(400, 'InvalidArgument', 'A streaming payload needs Content-Encoding: aws-chunked.');
      }
      if (headers['x-amz-decoded-content-length'] === undefined) {
        throw new S3Error(411, 'MissingContentLength', 'x-amz-decoded-content-length is required.');
      }
      decoder = new AwsChunkedDecoder();
      source = request.pipe(decoder);
      request.once('error', (error) => decoder?.destroy(error));
    } else if (payloadHash.startsWith('STREAMING-')) {
      throw new S3Error(501, 'NotImplemented', `The fake does not take payload mode '${payloadHash}'.`);
    } else if (payloadHash !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-f]{64}$/.test(payloadHash)) {
      throw new S3Error(400, 'InvalidArgument', `Invalid x-amz-content-sha256 '${payloadHash}'.`);
    }
    // The digests this request declares (besides MD5, for the ETag): computed while the body streams.
    const declaredNames = Object.keys(headers).filter((name) => name.startsWith('x-amz-checksum-'));
    const trailer =
      typeof headers['x-amz-trailer'] === 'string' ? headers['x-amz-trailer'].toLowerCase() : '';
    const wants = (algorithm: string) =>
      declaredNames.includes(`x-amz-checksum-${algorithm}`) || trailer === `x-amz-checksum-${algorithm}`;
    const md5 = createHash('md5');
    const sha256 = /^[0-9a-f]{64}$/.test(payloadHash) || wants('sha256') ? createHash('sha256') : undefined;
    const sha1 = wants('sha1') ? createHash('sha1') : undefined;
    const withCrc32 = wants('crc32');
    let crc = 0;
    let size = 0;
    const file = newFile();
    await pipeline(
      source,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          md5.update(chunk);
          sha256?.update(chunk);
          sha1?.update(chunk);
          if (withCrc32) crc = crc32(chunk, crc);
          callback(null, chunk);
        },
      }),
      createWriteStream(file),
    );
    const digests = {
      crc32: crc,
      sha256: sha256?.digest() ?? Buffer.alloc(0),
      sha1: sha1?.digest() ?? Buffer.alloc(0),
    };
    const md5Digest = md5.digest();
    try {
      if (/^[0-9a-f]{64}$/.test(payloadHash) && digests.sha256.toString('hex') !== payloadHash) {
        throw new S3Error(
          400,
          'XAmzContentSHA256Mismatch',
          'The payload does not match x-amz-content-sha256.',
        );
      }
      if (decoder !== undefined && Number(headers['x-amz-decoded-content-length']) !== size) {
        throw new S3Error(
          400,
          'IncompleteBody',
          'The decoded body length differs from x-amz-decoded-content-length.',
        );
      }
      const declaredMd5 = headers['content-md5'];
      if (typeof declaredMd5 === 'string' && declaredMd5 !== md5Digest.toString('base64')) {
        throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
      }
      const declared = new Map<string, string>();
      for (const [name, value] of Object.entries(headers)) {
        if (
          name.startsWith('x-amz-checksum-') &&
          name !== 'x-amz-checksum-mode' &&
          typeof value === 'string'
        ) {
          declared.set(name, value);
        }
      }
      const trailerName = headers['x-amz-trailer'];
      if (decoder !== undefined && typeof trailerName === 'string') {
        const trailer = decoder.trailers.get(trailerName.toLowerCase());
        if (trailer === undefined)
          throw new S3Error(400, 'MalformedTrailerError', `Missing trailer ${trailerName}.`);
        declared.set(trailerName.toLowerCase(), trailer);
      }
      for (const [name, value] of declared) {
        if (name === 'x-amz-checksum-algorithm' || name === 'x-amz-checksum-type') continue;
        if (checksumOf(name.slice('x-amz-checksum-'.length), digests) !== value) {
          throw new S3Error(
            400,
            'BadDigest',
            `The ${name} you specified did not match the calculated checksum.`,
          );
        }
      }
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return { file, size, md5: md5Digest };
  }

  async function readXml(request: IncomingMessage, payloadHash: string): Promise<string> {
    const declaredLength = Number(
      request.headers['content-length'] ?? request.headers['x-amz-decoded-content-length'],
    );
    if (declaredLength > MAXIMUM_XML_BODY)
      throw new S3Error(400, 'MalformedXML', 'The XML body is too large.');
    const body = await receiveBody(request, payloadHash);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of createReadStream(body.file)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    } finally {
      await rm(body.file, { force: true });
    }
  }

  function sendXml(response: ServerResponse, status: number, body: string): void {
    const bytes = Buffer.from(`${XML_DECLARATION}${body}`, 'utf8');
    response.writeHead(status, { 'content-type': 'application/xml', 'content-length': bytes.length });
    response.end(bytes);
  }

  function sendError(response: ServerResponse, method: string, failure: S3Error): void {
    if (method === 'HEAD') {
      response.writeHead(failure.status);
      response.end();
      return;
    }
    sendXml(
      response,
      failure.status,
      `<Error>${xmlElement('Code', failure.code)}${xmlElement('Message', failure.message)}${xmlElement('RequestId', randomBytes(8).toString('hex'))}</Error>`,
    );
  }

  function objectHeaders(object: StoredObject): Record<string, string | number> {
    return {
      'content-type': object.contentType,
      'content-length': object.size,
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
    };
  }

  function listObjects(response: ServerResponse, query: URLSearchParams): void {
    if (query.get('list-type') !== '2')
      throw new S3Error(501, 'NotImplemented', 'Only ListObjectsV2 is implemented.');
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const maxKeys = Number(query.get('max-keys') ?? '1000');
    if (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeys > 1000) {
      throw new S3Error(400, 'InvalidArgument', 'max-keys must be an integer from 0 to 1000.');
    }
    const token = query.get('continuation-token');
    const marker =
      token === null ? (query.get('start-after') ?? '') : Buffer.from(token, 'base64url').toString('utf8');
    const contents: string[] = [];
    const commonPrefixes: string[] = [];
    let truncated = false;
    let last = '';
    for (const key of sortedKeys(objects.keys())) {
      if (!key.startsWith(prefix)) continue;
      const afterMarker =
        marker === '' ||
        (compareKeys(key, marker) > 0 &&
          !(delimiter !== '' && marker.endsWith(delimiter) && key.startsWith(marker)));
      if (!afterMarker) continue;
      let entry = key;
      let isPrefix = false;
      if (delimiter !== '') {
        const cut = key.indexOf(delimiter, prefix.length);
        if (cut !== -1) {
          entry = key.slice(0, cut + delimiter.length);
          isPrefix = true;
        }
      }
      if (isPrefix && commonPrefixes.includes(entry)) continue;
      if (contents.length + commonPrefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (isPrefix) commonPrefixes.push(entry);
      else contents.push(entry);
      last = entry;
    }
    const body = [
      `<ListBucketResult xmlns="${S3_NAMESPACE}">`,
      xmlElement('Name', bucket),
      xmlElement('Prefix', prefix),
      delimiter === '' ? '' : xmlElement('Delimiter', delimiter),
      xmlElement('MaxKeys', maxKeys),
      xmlElement('KeyCount', contents.length + commonPrefixes.length),
      xmlElement('IsTruncated', truncated),
      token === null ? '' : xmlElement('ContinuationToken', token),
      truncated ? xmlElement('NextContinuationToken', Buffer.from(last, 'utf8').toString('base64url')) : '',
      ...contents.map((key) => {
        const object = objects.get(key) as StoredObject;
        return `<Contents>${xmlElement('Key', key)}${xmlElement('LastModified', object.lastModified.toISOString())}${xmlElement('ETag', object.etag)}${xmlElement('Size', object.size)}${xmlElement('StorageClass', 'STANDARD')}</Contents>`;
      }),
      ...commonPrefixes.map((entry) => `<CommonPrefixes>${xmlElement('Prefix', entry)}</CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
    sendXml(response, 200, body);
  }

  async function deleteObjects(
    request: IncomingMessage,
    response: ServerResponse,
    payloadHash: string,
  ): Promise<void> {
    const hasChecksum =
      request.headers['content-md5'] !== undefined ||
      Object.keys(request.headers).some(
        (name) => name.startsWith('x-amz-checksum-') && name !== 'x-amz-checksum-algorithm',
      ) ||
      request.headers['x-amz-trailer'] !== undefined;
    if (!hasChecksum) {
      throw new S3Error(
        400,
        'InvalidRequest',
        'Missing required header for this request: Content-MD5 or x-amz-checksum-*.',
      );
    }
    const document = await readXml(request, payloadHash);
    const keys = xmlElements(document, 'Object').map((object) =>
      unescapeXml(xmlElements(object, 'Key')[0] ?? ''),
    );
    if (keys.length === 0 || keys.length > 1000)
      throw new S3Error(400, 'MalformedXML', 'Delete needs 1 to 1000 keys.');
    const quiet = xmlElements(document, 'Quiet')[0] === 'true';
    for (const key of keys) {
      const object = objects.get(key);
      objects.delete(key);
      if (object !== undefined) await rm(object.file, { force: true });
    }
    const deleted = quiet ? '' : keys.map((key) => `<Deleted>${xmlElement('Key', key)}</Deleted>`).join('');
    sendXml(response, 200, `<DeleteResult xmlns="${S3_NAMESPACE}">${deleted}</DeleteResult>`);
  }

  function uploadOf(uploadId: string, key: string) {
    const upload = uploads.get(uploadId);
    if (upload === undefined || upload.key !== key) {
      throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    }
    return upload;
  }

  async function completeUpload(
    request: IncomingMessage,
    response: ServerResponse,
    key: string,
    uploadId: string,
    payloadHash: string,
  ): Promise<void> {
    const upload = uploadOf(uploadId, key);
    const document = await readXml(request, payloadHash);
    const listed = xmlElements(document, 'Part').map((part) => ({
      partNumber: Number(xmlElements(part, 'PartNumber')[0]),
      etag: unescapeXml(xmlElements(part, 'ETag')[0] ?? '').replace(/^"(.*)"$/, '$1'),
    }));
    if (listed.length === 0)
      throw new S3Error(400, 'MalformedXML', 'CompleteMultipartUpload lists no parts.');
    const files: StoredPart[] = [];
    listed.forEach((part, index) => {
      if (index > 0 && part.partNumber <= (listed[index - 1]?.partNumber ?? 0)) {
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      const stored = upload.parts.get(part.partNumber);
      if (stored === undefined || stored.md5.toString('hex') !== part.etag) {
        throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.');
      }
      if (index < listed.length - 1 && stored.size < minimumPartSize) {
        throw new S3Error(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed size.',
        );
      }
      files.push(stored);
    });
    const file = newFile();
    await pipeline(
      Readable.from(
        (async function* () {
          for (const part of files) yield* createReadStream(part.file);
        })(),
      ),
      createWriteStream(file),
    );
    const etag = `"${createHash('md5')
      .update(Buffer.concat(files.map((part) => part.md5)))
      .digest('hex')}-${files.length}"`;
    const previous = objects.get(key);
    objects.set(key, {
      file,
      size: (await stat(file)).size,
      etag,
      contentType: 'binary/octet-stream',
      lastModified: new Date(),
    });
    if (previous !== undefined) await rm(previous.file, { force: true });
    for (const part of upload.parts.values()) await rm(part.file, { force: true });
    uploads.delete(uploadId);
    sendXml(
      response,
      200,
      `<CompleteMultipartUploadResult xmlns="${S3_NAMESPACE}">${xmlElement('Bucket', bucket)}${xmlElement('Key', key)}${xmlElement('ETag', etag)}</CompleteMultipartUploadResult>`,
    );
  }

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    record: { operation: string },
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const query = new URLSearchParams(rawQuery);
    const host = request.headers.host ?? '';
    if (host.startsWith(`${bucket}.`))
      throw new S3Error(400, 'InvalidRequest', 'The fake takes path-style addressing only.');
    const signed = checkSignature(
      { method, rawPath, rawQuery, headers: request.headers },
      credentials,
      region,
    );
    if ('refusal' in signed)
      throw new S3Error(signed.refusal.status, signed.refusal.code, signed.refusal.message);
    const slash = rawPath.indexOf('/', 1);
    const bucketName = decodeURIComponent(slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash));
    const key = slash === -1 ? '' : decodeURIComponent(rawPath.slice(slash + 1));
    if (bucketName !== bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    const uploadId = query.get('uploadId');

    if (key === '') {
      if (method === 'GET') {
        record.operation = 'ListObjectsV2';
        return listObjects(response, query);
      }
      if (method === 'POST' && query.has('delete')) {
        record.operation = 'DeleteObjects';
        return deleteObjects(request, response, signed.payloadHash);
      }
      throw new S3Error(501, 'NotImplemented', `Bucket operation ${method} ${url} is not implemented.`);
    }
    switch (method) {
      case 'GET':
      case 'HEAD': {
        record.operation = method === 'GET' ? 'GetObject' : 'HeadObject';
        if (request.headers.range !== undefined)
          throw new S3Error(501, 'NotImplemented', 'Range reads are not implemented.');
        const object = objects.get(key);
        if (object === undefined) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        response.writeHead(200, objectHeaders(object));
        if (method === 'HEAD') {
          response.end();
          return;
        }
        await pipeline(createReadStream(object.file), response);
        return;
      }
      case 'PUT': {
        if (request.headers['x-amz-copy-source'] !== undefined) {
          throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented.');
        }
        if (uploadId !== null) {
          record.operation = 'UploadPart';
          const partNumber = Number(query.get('partNumber'));
          if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
            throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000.');
          }
          const upload = uploadOf(uploadId, key);
          const body = await receiveBody(request, signed.payloadHash);
          const previous = upload.parts.get(partNumber);
          upload.parts.set(partNumber, body);
          if (previous !== undefined) await rm(previous.file, { force: true });
          response.writeHead(200, { etag: `"${body.md5.toString('hex')}"`, 'content-length': 0 });
          response.end();
          return;
        }
        record.operation = 'PutObject';
        const body = await receiveBody(request, signed.payloadHash);
        const etag = `"${body.md5.toString('hex')}"`;
        const previous = objects.get(key);
        objects.set(key, {
          file: body.file,
          size: body.size,
          etag,
          contentType: request.headers['content-type'] ?? 'binary/octet-stream',
          lastModified: new Date(),
        });
        if (previous !== undefined) await rm(previous.file, { force: true });
        response.writeHead(200, { etag, 'content-length': 0 });
        response.end();
        return;
      }
      case 'DELETE': {
        if (uploadId !== null) {
          record.operation = 'AbortMultipartUpload';
          const upload = uploadOf(uploadId, key);
          for (const part of upload.parts.values()) await rm(part.file, { force: true });
          uploads.delete(uploadId);
        } else {
          record.operation = 'DeleteObject';
          const object = objects.get(key);
          objects.delete(key);
          if (object !== undefined) await rm(object.file, { force: true });
        }
        response.writeHead(204);
        response.end();
        return;
      }
      case 'POST': {
        if (query.has('uploads')) {
          record.operation = 'CreateMultipartUpload';
          const newUploadId = randomBytes(24).toString('base64url');
          uploads.set(newUploadId, { key, parts: new Map() });
          sendXml(
            response,
            200,
            `<InitiateMultipartUploadResult xmlns="${S3_NAMESPACE}">${xmlElement('Bucket', bucket)}${xmlElement('Key', key)}${xmlElement('UploadId', newUploadId)}</InitiateMultipartUploadResult>`,
          );
          return;
        }
        if (uploadId !== null) {
          record.operation = 'CompleteMultipartUpload';
          return completeUpload(request, response, key, uploadId, signed.payloadHash);
        }
        throw new S3Error(501, 'NotImplemented', `POST ${url} is not implemented.`);
      }
      default:
        throw new S3Error(501, 'NotImplemented', `${method} is not implemented.`);
    }
  }

  const server: Server = createServer((request, response) => {
    const record = { operation: 'unknown', key: '' };
    const url = request.url ?? '/';
    const slash = url.indexOf('/', 1);
    const queryStart = url.indexOf('?');
    const rawKey =
      slash === -1 || (queryStart !== -1 && slash > queryStart)
        ? ''
        : url.slice(slash + 1, queryStart === -1 ? undefined : queryStart);
    try {
      record.key = decodeURIComponent(rawKey);
    } catch {
      record.key = rawKey;
    }
    requests.push(record);
    handle(request, response, record).catch((error: unknown) => {
      const failure =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', error instanceof Error ? error.message : String(error));
      if (response.headersSent) {
        // The client went away while a body was streaming to it (it sees a short body, if it still cares).
        response.destroy();
        return;
      }
      if (PROTOCOL_ERRORS.has(failure.code)) {
        refusals.push({
          status: failure.status,
          code: failure.code,
          message: failure.message,
          operation: record.operation,
        });
      }
      // The request may still be sending its body: answer, then drop the connection.
      response.setHeader('connection', 'close');
      sendError(response, request.method ?? 'GET', failure);
      request.resume();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    bucket,
    credentials,
    region,
    environment: {
      MLFLOW_S3_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
    },
    requests,
    refusals,
    keys: () => sortedKeys(objects.keys()),
    pendingUploads: () => uploads.size,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}
