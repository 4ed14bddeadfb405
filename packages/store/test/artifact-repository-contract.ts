import { Readable } from 'node:stream';
import { MillraceError } from '@millrace/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtifactRepository } from '../src/index.js';
import {
  digestStream,
  failingBody,
  generatedBody,
  generatedBodySha256,
  streamText,
} from './support/generated-bytes.js';
import { TRAVERSAL_PATHS } from './support/traversal-paths.js';

export interface ArtifactRepositoryFixture {
  repository: ArtifactRepository;
  /** Releases the repository and removes what it stored. */
  close(): Promise<void>;
}

export interface ArtifactRepositoryContractOptions {
  /** Shown in the suite name, e.g. `local` or `S3`. */
  name: string;
  /** A fresh, empty repository. */
  create: () => Promise<ArtifactRepositoryFixture>;
  /** Checks after each test (e.g. that a fake backend refused nothing it was sent). */
  afterEachTest?: () => void;
}

const MIB = 1024 * 1024;

async function failure(action: () => Promise<unknown>): Promise<MillraceError> {
  try {
    await action();
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected the operation to fail.');
}

function text(content: string): Readable {
  return Readable.from([Buffer.from(content, 'utf8')]);
}

/**
 * What every ArtifactRepository must do, run unchanged on each implementation (local directory,
 * S3): listing, streamed reads and writes, deletion, multipart uploads, and the refusal of every
 * path that could leave the root.
 */
export function runArtifactRepositoryContract(options: ArtifactRepositoryContractOptions): void {
  describe(`ArtifactRepository contract (${options.name})`, () => {
    let fixture: ArtifactRepositoryFixture;
    let repository: ArtifactRepository;

    beforeEach(async () => {
      fixture = await options.create();
      repository = fixture.repository;
    });

    afterEach(async () => {
      await fixture.close();
      options.afterEachTest?.();
    });

    async function read(path: string): Promise<string> {
      const download = await repository.openArtifact(path);
      const content = await streamText(download.stream);
      expect(download.size).toBe(Buffer.byteLength(content));
      return content;
    }

    it('an empty repository has nothing to list', async () => {
      expect(await repository.listArtifacts()).toEqual([]);
      expect(await repository.listArtifacts('')).toEqual([]);
      expect(await repository.listArtifacts('missing/dir')).toEqual([]);
    });

    it('stores a file from a stream and reads it back; the size written is returned', async () => {
      expect(await repository.writeArtifact('run/artifacts/hello.txt', text('hello world\n'))).toBe(12);
      expect(await read('run/artifacts/hello.txt')).toBe('hello world\n');
    });

    it('overwrites a file in place', async () => {
      await repository.writeArtifact('hello.txt', text('first version, longer'));
      await repository.writeArtifact('hello.txt', text('second'));
      expect(await read('hello.txt')).toBe('second');
      expect(await repository.listArtifacts()).toEqual([{ path: 'hello.txt', isDir: false, fileSize: 6 }]);
    });

    it('lists the direct children of a directory: paths from the root, sizes of files, directories implicit', async () => {
      await repository.writeArtifact('run/artifacts/hello.txt', text('hello'));
      await repository.writeArtifact('run/artifacts/empty.txt', text(''));
      await repository.writeArtifact('run/artifacts/dir/blob.bin', text('BINARY'));
      await repository.writeArtifact('run/artifacts/dir/sub/data.json', text('{"a": 1}'));
      expect(await repository.listArtifacts('run/artifacts')).toEqual([
        { path: 'run/artifacts/dir', isDir: true },
        { path: 'run/artifacts/empty.txt', isDir: false, fileSize: 0 },
        { path: 'run/artifacts/hello.txt', isDir: false, fileSize: 5 },
      ]);
      expect(await repository.listArtifacts('run/artifacts/dir')).toEqual([
        { path: 'run/artifacts/dir/blob.bin', isDir: false, fileSize: 6 },
        { path: 'run/artifacts/dir/sub', isDir: true },
      ]);
      expect(await repository.listArtifacts()).toEqual([{ path: 'run', isDir: true }]);
    });

    it('a file path or a missing path lists nothing', async () => {
      await repository.writeArtifact('dir/file.txt', text('x'));
      expect(await repository.listArtifacts('dir/file.txt')).toEqual([]);
      expect(await repository.listArtifacts('dir/nope')).toEqual([]);
      expect(await repository.listArtifacts('nope')).toEqual([]);
    });

    it('normalises paths: trailing, doubled and `.` separators name the same entry', async () => {
      await repository.writeArtifact('./a//b/c.txt', text('c'));
      expect(await read('a/b/c.txt')).toBe('c');
      expect(await repository.listArtifacts('a/b/')).toEqual([
        { path: 'a/b/c.txt', isDir: false, fileSize: 1 },
      ]);
      expect(await repository.listArtifacts('./a')).toEqual([{ path: 'a/b', isDir: true }]);
    });

    it('orders entries by code point and keeps unusual but safe names', async () => {
      const names = [
        'b.txt',
        'B.txt',
        'a b.txt',
        'uni côde.txt',
        '100%.txt',
        'plus+sign.txt',
        'ä.txt',
        'z.txt',
      ];
      for (const name of names) await repository.writeArtifact(`names/${name}`, text(name));
      const listed = (await repository.listArtifacts('names')).map((info) =>
        info.path.slice('names/'.length),
      );
      expect(listed).toEqual(
        [...names].sort((left, right) => Buffer.compare(Buffer.from(left), Buffer.from(right))),
      );
      for (const name of names) expect(await read(`names/${name}`)).toBe(name);
    });

    it('opening a missing file, a directory or the root is RESOURCE_DOES_NOT_EXIST', async () => {
      await repository.writeArtifact('dir/file.txt', text('x'));
      for (const path of ['nope.txt', 'dir', 'dir/nope.txt', '']) {
        const error = await failure(() => repository.openArtifact(path));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.httpStatus).toBe(404);
      }
    });

    it('writing to the root is refused', async () => {
      const error = await failure(() => repository.writeArtifact('', text('x')));
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    });

    it('a body that fails midway stores nothing and keeps the previous file', async () => {
      await expect(repository.writeArtifact('broken.bin', failingBody(1024))).rejects.toThrow();
      expect(await repository.listArtifacts()).toEqual([]);
      await repository.writeArtifact('kept.txt', text('previous'));
      await expect(repository.writeArtifact('kept.txt', failingBody(2048))).rejects.toThrow();
      expect(await read('kept.txt')).toBe('previous');
    });

    it('deletes a file, leaving its siblings', async () => {
      await repository.writeArtifact('d/a.txt', text('a'));
      await repository.writeArtifact('d/a.txt.bak', text('b'));
      await repository.deleteArtifacts('d/a.txt');
      expect(await repository.listArtifacts('d')).toEqual([
        { path: 'd/a.txt.bak', isDir: false, fileSize: 1 },
      ]);
      expect((await failure(() => repository.openArtifact('d/a.txt'))).errorCode).toBe(
        'RESOURCE_DOES_NOT_EXIST',
      );
    });

    it('deletes a directory recursively, but not entries that merely share its name as a prefix', async () => {
      await repository.writeArtifact('run/dir/a.txt', text('a'));
      await repository.writeArtifact('run/dir/sub/b.txt', text('b'));
      await repository.writeArtifact('run/dir2/c.txt', text('c'));
      await repository.writeArtifact('run/dir.txt', text('d'));
      await repository.deleteArtifacts('run/dir');
      expect(await repository.listArtifacts('run')).toEqual([
        { path: 'run/dir.txt', isDir: false, fileSize: 1 },
        { path: 'run/dir2', isDir: true },
      ]);
    });

    it('deleting something missing is fine; deleting the root empties the repository', async () => {
      await repository.deleteArtifacts('nope/nothing.txt');
      await repository.writeArtifact('one/a.txt', text('a'));
      await repository.writeArtifact('b.txt', text('b'));
      await repository.deleteArtifacts('');
      expect(await repository.listArtifacts()).toEqual([]);
    });

    it('streams a large file in and out unchanged (12 MiB)', async () => {
      const size = 12 * MIB + 123;
      expect(await repository.writeArtifact('big/model.bin', generatedBody(size, 'contract'))).toBe(size);
      const [info] = await repository.listArtifacts('big');
      expect(info).toEqual({ path: 'big/model.bin', isDir: false, fileSize: size });
      const download = await repository.openArtifact('big/model.bin');
      expect(download.size).toBe(size);
      expect(await digestStream(download.stream)).toEqual({
        sha256: generatedBodySha256(size, 'contract'),
        size,
      });
    });

    it('refuses every path that could leave the root, in every operation, with 400 Invalid path', async () => {
      await repository.writeArtifact('inside.txt', text('inside'));
      const uploadId = await repository.createMultipartUpload('inside.bin');
      for (const path of TRAVERSAL_PATHS) {
        const attempts: (() => Promise<unknown>)[] = [
          () => repository.listArtifacts(path),
          () => repository.openArtifact(path),
          () => repository.writeArtifact(path, text('escaped')),
          () => repository.deleteArtifacts(path),
          () => repository.createMultipartUpload(path),
          () => repository.uploadPart(path, uploadId, 1, text('part'), { contentLength: 4 }),
          () => repository.completeMultipartUpload(path, uploadId, [{ partNumber: 1, etag: '"x"' }]),
          () => repository.abortMultipartUpload(path, uploadId),
        ];
        for (const attempt of attempts) {
          const error = await failure(attempt);
          expect({ path, code: error.errorCode, message: error.message }).toEqual({
            path,
            code: 'INVALID_PARAMETER_VALUE',
            message: 'Invalid path',
          });
        }
      }
      await repository.abortMultipartUpload('inside.bin', uploadId);
      expect(await repository.listArtifacts()).toEqual([{ path: 'inside.txt', isDir: false, fileSize: 6 }]);
    });

    describe('multipart uploads', () => {
      const firstPartSize = 5 * MIB;

      it('assembles the parts into the file, in part-number order', async () => {
        const uploadId = await repository.createMultipartUpload('run/artifacts/big.bin');
        // Parts may arrive in any order; the second without a known length.
        const second = await repository.uploadPart(
          'run/artifacts/big.bin',
          uploadId,
          2,
          text('tail of the file'),
        );
        const first = await repository.uploadPart(
          'run/artifacts/big.bin',
          uploadId,
          1,
          generatedBody(firstPartSize, 'part-1'),
          { contentLength: firstPartSize },
        );
        expect(first).not.toBe(second);
        await repository.completeMultipartUpload('run/artifacts/big.bin', uploadId, [
          { partNumber: 1, etag: first },
          { partNumber: 2, etag: second },
        ]);
        const download = await repository.openArtifact('run/artifacts/big.bin');
        expect(download.size).toBe(firstPartSize + 16);
        const chunks: Buffer[] = [];
        for await (const chunk of download.stream) chunks.push(chunk as Buffer);
        const content = Buffer.concat(chunks);
        expect(content.subarray(firstPartSize).toString('utf8')).toBe('tail of the file');
        expect(await digestStream(Readable.from([content.subarray(0, firstPartSize)]))).toEqual({
          sha256: generatedBodySha256(firstPartSize, 'part-1'),
          size: firstPartSize,
        });
        expect(await repository.listArtifacts('run/artifacts')).toEqual([
          { path: 'run/artifacts/big.bin', isDir: false, fileSize: firstPartSize + 16 },
        ]);
        // Completed: the upload id is gone.
        const again = await failure(() =>
          repository.completeMultipartUpload('run/artifacts/big.bin', uploadId, [
            { partNumber: 1, etag: first },
          ]),
        );
        expect(again.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('a part uploaded again replaces the earlier one', async () => {
        const uploadId = await repository.createMultipartUpload('one.txt');
        await repository.uploadPart('one.txt', uploadId, 1, text('old'), { contentLength: 3 });
        const etag = await repository.uploadPart('one.txt', uploadId, 1, text('new!'), { contentLength: 4 });
        await repository.completeMultipartUpload('one.txt', uploadId, [{ partNumber: 1, etag }]);
        expect(await read('one.txt')).toBe('new!');
      });

      it('refuses parts out of order, unknown etags and part numbers outside 1..10000', async () => {
        const uploadId = await repository.createMultipartUpload('parts.bin');
        const etag = await repository.uploadPart('parts.bin', uploadId, 1, text('only'), {
          contentLength: 4,
        });
        const wrongEtag = await failure(() =>
          repository.completeMultipartUpload('parts.bin', uploadId, [
            { partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' },
          ]),
        );
        expect(wrongEtag.errorCode).toBe('INVALID_PARAMETER_VALUE');
        const missingPart = await failure(() =>
          repository.completeMultipartUpload('parts.bin', uploadId, [
            { partNumber: 1, etag },
            { partNumber: 2, etag },
          ]),
        );
        expect(missingPart.errorCode).toBe('INVALID_PARAMETER_VALUE');
        const unordered = await failure(() =>
          repository.completeMultipartUpload('parts.bin', uploadId, [
            { partNumber: 2, etag },
            { partNumber: 1, etag },
          ]),
        );
        expect(unordered.errorCode).toBe('INVALID_PARAMETER_VALUE');
        for (const partNumber of [0, 10001, 1.5]) {
          const error = await failure(() =>
            repository.uploadPart('parts.bin', uploadId, partNumber, text('x'), { contentLength: 1 }),
          );
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        }
        expect(
          (await failure(() => repository.completeMultipartUpload('parts.bin', uploadId, []))).errorCode,
        ).toBe('INVALID_PARAMETER_VALUE');
        // Still usable after the refusals.
        await repository.completeMultipartUpload('parts.bin', uploadId, [{ partNumber: 1, etag }]);
        expect(await read('parts.bin')).toBe('only');
      });

      it('an aborted upload stores nothing and its id is gone', async () => {
        const uploadId = await repository.createMultipartUpload('aborted.bin');
        const etag = await repository.uploadPart('aborted.bin', uploadId, 1, text('data'), {
          contentLength: 4,
        });
        await repository.abortMultipartUpload('aborted.bin', uploadId);
        expect(await repository.listArtifacts()).toEqual([]);
        const error = await failure(() =>
          repository.completeMultipartUpload('aborted.bin', uploadId, [{ partNumber: 1, etag }]),
        );
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
      });

      it('an unknown upload id, or an id used for another path, is RESOURCE_DOES_NOT_EXIST', async () => {
        const uploadId = await repository.createMultipartUpload('right.bin');
        for (const attempt of [
          () => repository.uploadPart('right.bin', 'no-such-upload', 1, text('x'), { contentLength: 1 }),
          () =>
            repository.completeMultipartUpload('right.bin', 'no-such-upload', [
              { partNumber: 1, etag: '"e"' },
            ]),
          () => repository.abortMultipartUpload('right.bin', 'no-such-upload'),
          () => repository.uploadPart('wrong.bin', uploadId, 1, text('x'), { contentLength: 1 }),
          () => repository.abortMultipartUpload('wrong.bin', uploadId),
        ]) {
          const error = await failure(attempt);
          expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
          expect(error.httpStatus).toBe(404);
        }
        await repository.abortMultipartUpload('right.bin', uploadId);
      });
    });
  });
}
