import { get } from 'node:http';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3ArtifactRepository, s3ClientConfig } from '../src/index.js';
import { startFakeS3Server, type FakeS3Server } from './support/fake-s3-server.js';
import { digestStream, generatedBody, generatedBodySha256 } from './support/generated-bytes.js';

const MIB = 1024 * 1024;

function text(content: string): Readable {
  return Readable.from([Buffer.from(content, 'utf8')]);
}

describe('S3 artifact repository against the fake S3 server', () => {
  let fakeS3: FakeS3Server;

  beforeAll(async () => {
    fakeS3 = await startFakeS3Server();
  });

  afterAll(async () => {
    await fakeS3.close();
  });

  beforeEach(() => {
    fakeS3.requests.length = 0;
    fakeS3.refusals.length = 0;
  });

  it('stores keys under the URI prefix, path-style, signed with the environment credentials', async () => {
    const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/team/mlartifacts`, {
      environment: fakeS3.environment,
    });
    await repository.writeArtifact('1/run/artifacts/hello.txt', text('hello'), { contentType: 'text/plain' });
    expect(fakeS3.keys()).toContain('team/mlartifacts/1/run/artifacts/hello.txt');
    expect(fakeS3.requests).toEqual([
      { operation: 'PutObject', key: 'team/mlartifacts/1/run/artifacts/hello.txt' },
    ]);
    expect(fakeS3.refusals).toEqual([]);
    await repository.deleteArtifacts('');
    expect(fakeS3.keys()).toEqual([]);
    await repository.close();
  });

  it('pages through listings with continuation tokens', async () => {
    const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/paging`, {
      environment: fakeS3.environment,
      listPageSize: 2,
    });
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await repository.writeArtifact(`dir/${name}.txt`, text(name));
    await repository.writeArtifact('dir/sub/f.txt', text('f'));
    fakeS3.requests.length = 0;
    const listed = await repository.listArtifacts('dir');
    expect(listed.map((info) => info.path)).toEqual([
      'dir/a.txt',
      'dir/b.txt',
      'dir/c.txt',
      'dir/d.txt',
      'dir/e.txt',
      'dir/sub',
    ]);
    expect(fakeS3.requests.filter((request) => request.operation === 'ListObjectsV2')).toHaveLength(3);
    await repository.deleteArtifacts('');
    await repository.close();
  });

  it('uploads a large stream as a multipart upload of bounded parts, and streams it back', async () => {
    const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/large`, {
      environment: fakeS3.environment,
      uploadPartSize: 5 * MIB,
      uploadQueueSize: 2,
    });
    const size = 16 * MIB + 7;
    expect(await repository.writeArtifact('model.bin', generatedBody(size, 's3-large'))).toBe(size);
    const operations = fakeS3.requests.map((request) => request.operation);
    expect(operations[0]).toBe('CreateMultipartUpload');
    expect(operations.filter((operation) => operation === 'UploadPart')).toHaveLength(4);
    expect(operations.at(-1)).toBe('CompleteMultipartUpload');
    const download = await repository.openArtifact('model.bin');
    expect(download.size).toBe(size);
    expect(await digestStream(download.stream)).toEqual({
      sha256: generatedBodySha256(size, 's3-large'),
      size,
    });
    expect(fakeS3.refusals).toEqual([]);
    await repository.deleteArtifacts('');
    await repository.close();
  });

  it('leaves no multipart upload behind when the body fails midway', async () => {
    const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/failing`, {
      environment: fakeS3.environment,
      uploadPartSize: 5 * MIB,
    });
    const body = Readable.from(
      (async function* () {
        yield* generatedBody(11 * MIB, 'failing');
        throw new Error('client went away');
      })(),
    );
    await expect(repository.writeArtifact('broken.bin', body)).rejects.toThrow();
    expect(fakeS3.pendingUploads()).toBe(0);
    expect(fakeS3.keys().filter((key) => key.startsWith('failing/'))).toEqual([]);
    await repository.close();
  });

  it('wrong credentials fail as an internal error (not a 4xx blamed on the client)', async () => {
    const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/denied`, {
      environment: { ...fakeS3.environment, AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
    });
    const error = await repository.listArtifacts().then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error?.name).toBe('SignatureDoesNotMatch');
    expect(fakeS3.refusals.map((refusal) => refusal.code)).toEqual(['SignatureDoesNotMatch']);
    await repository.close();
  });

  describe('the fake checks what it is sent', () => {
    function client(environment: Record<string, string> = fakeS3.environment): S3Client {
      return new S3Client({ ...s3ClientConfig(environment), maxAttempts: 1 });
    }

    it('refuses a body whose declared checksum or Content-MD5 does not match', async () => {
      const s3 = client();
      await expect(
        s3.send(
          new PutObjectCommand({ Bucket: fakeS3.bucket, Key: 'k', Body: 'data', ChecksumCRC32: 'AAAAAA==' }),
        ),
      ).rejects.toMatchObject({ name: 'BadDigest' });
      await expect(
        s3.send(
          new PutObjectCommand({
            Bucket: fakeS3.bucket,
            Key: 'k',
            Body: 'data',
            ContentMD5: 'AAAAAAAAAAAAAAAAAAAAAA==',
          }),
        ),
      ).rejects.toMatchObject({ name: 'BadDigest' });
      expect(fakeS3.keys()).not.toContain('k');
      s3.destroy();
    });

    it('refuses an unknown access key and a virtual-hosted request', async () => {
      const unknownKey = client({ ...fakeS3.environment, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN' });
      await expect(
        unknownKey.send(new PutObjectCommand({ Bucket: fakeS3.bucket, Key: 'k', Body: 'x' })),
      ).rejects.toMatchObject({
        name: 'InvalidAccessKeyId',
      });
      unknownKey.destroy();
      const virtualHosted = await new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(fakeS3.endpoint);
        get(
          { host: hostname, port, path: '/k', headers: { host: `${fakeS3.bucket}.127.0.0.1` } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        ).on('error', reject);
      });
      expect(virtualHosted).toBe(400);
      const anonymous = await fetch(`${fakeS3.endpoint}/${fakeS3.bucket}/k`);
      expect(anonymous.status).toBe(403);
      expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');
    });

    it('checks the signature over the body hash too', async () => {
      const s3 = client({ ...fakeS3.environment, AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED' });
      s3.middlewareStack.add(
        (next) => async (argument) => {
          const request = argument.request as { body?: unknown };
          request.body = 'tampered';
          return next(argument);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'tamperBody' },
      );
      await expect(
        s3.send(new PutObjectCommand({ Bucket: fakeS3.bucket, Key: 'k', Body: 'original' })),
      ).rejects.toMatchObject({
        name: 'XAmzContentSHA256Mismatch',
      });
      s3.destroy();
    });
  });
});
