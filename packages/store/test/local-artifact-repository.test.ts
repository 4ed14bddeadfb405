import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MillraceError } from '@millrace/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalArtifactRepository, type ArtifactRepository } from '../src/index.js';
import { streamText } from './support/generated-bytes.js';

function text(content: string): Readable {
  return Readable.from([Buffer.from(content, 'utf8')]);
}

async function failure(action: () => Promise<unknown>): Promise<MillraceError> {
  try {
    await action();
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('Expected the operation to fail.');
}

describe('local artifact repository', () => {
  let sandbox: string;
  let root: string;
  let outside: string;
  let repository: ArtifactRepository;

  beforeEach(async () => {
    sandbox = await mkdtemp(path.join(tmpdir(), 'millrace-local-artifacts-'));
    root = path.join(sandbox, 'mlartifacts');
    outside = path.join(sandbox, 'outside');
    await mkdir(root, { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    repository = createLocalArtifactRepository(root);
  });

  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });

  describe('symbolic links leading out of the root are refused with 400 Invalid path', () => {
    beforeEach(async () => {
      await symlink(outside, path.join(root, 'escape-dir'));
      await symlink(path.join(outside, 'secret.txt'), path.join(root, 'escape-file.txt'));
    });

    it('for reads and listings', async () => {
      for (const attempt of [
        () => repository.openArtifact('escape-dir/secret.txt'),
        () => repository.openArtifact('escape-file.txt'),
        () => repository.listArtifacts('escape-dir'),
      ]) {
        const error = await failure(attempt);
        expect([error.errorCode, error.message]).toEqual(['INVALID_PARAMETER_VALUE', 'Invalid path']);
      }
      // Such links are left out of listings.
      expect(await repository.listArtifacts()).toEqual([]);
    });

    it('for writes and multipart uploads through a linked directory', async () => {
      for (const attempt of [
        () => repository.writeArtifact('escape-dir/planted.txt', text('planted')),
        () => repository.writeArtifact('escape-dir/new/planted.txt', text('planted')),
        async () => {
          const uploadId = await repository.createMultipartUpload('escape-dir/big.bin');
          const etag = await repository.uploadPart('escape-dir/big.bin', uploadId, 1, text('x'));
          await repository.completeMultipartUpload('escape-dir/big.bin', uploadId, [{ partNumber: 1, etag }]);
        },
      ]) {
        const error = await failure(attempt);
        expect([error.errorCode, error.message]).toEqual(['INVALID_PARAMETER_VALUE', 'Invalid path']);
      }
      expect(await readdir(outside)).toEqual(['secret.txt']);
    });

    it('for deletes through a linked directory; deleting the link itself removes only the link', async () => {
      const error = await failure(() => repository.deleteArtifacts('escape-dir/secret.txt'));
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      await repository.deleteArtifacts('escape-dir');
      await repository.deleteArtifacts('escape-file.txt');
      expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
      expect(await readdir(root)).toEqual([]);
    });

    it('a file written over a link to the outside replaces the link, not the file it points to', async () => {
      // The link itself is inside the root: writing replaces it (rename), never follows it.
      await repository.writeArtifact('escape-file.txt', text('replaced'));
      expect(await readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
      expect(await streamText((await repository.openArtifact('escape-file.txt')).stream)).toBe('replaced');
    });
  });

  it('follows links that stay inside the root', async () => {
    await repository.writeArtifact('real/data.txt', text('data'));
    await symlink(path.join(root, 'real'), path.join(root, 'alias'));
    expect(await streamText((await repository.openArtifact('alias/data.txt')).stream)).toBe('data');
    expect(await repository.listArtifacts('alias')).toEqual([
      { path: 'alias/data.txt', isDir: false, fileSize: 4 },
    ]);
  });

  it('a directory at the path, or a file where a directory should be, is a 400 conflict', async () => {
    await repository.writeArtifact('dir/file.txt', text('x'));
    for (const attempt of [
      () => repository.writeArtifact('dir', text('over a directory')),
      () => repository.writeArtifact('dir/file.txt/below.txt', text('below a file')),
    ]) {
      const error = await failure(attempt);
      expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(await repository.listArtifacts('dir')).toEqual([
      { path: 'dir/file.txt', isDir: false, fileSize: 1 },
    ]);
  });

  it('keeps its own files (upload temporaries, multipart staging) hidden and out of reach', async () => {
    const uploadId = await repository.createMultipartUpload('big.bin');
    await repository.uploadPart('big.bin', uploadId, 1, text('part'));
    expect((await readdir(root)).sort()).toEqual(['.millrace-multipart']);
    expect(await repository.listArtifacts()).toEqual([]);
    for (const attempt of [
      () => repository.listArtifacts('.millrace-multipart'),
      () => repository.writeArtifact(`.millrace-multipart/${uploadId}/upload.json`, text('{}')),
      () => repository.deleteArtifacts('.millrace-multipart'),
    ]) {
      expect((await failure(attempt)).message).toBe('Invalid path');
    }
    await repository.abortMultipartUpload('big.bin', uploadId);
    expect(await readdir(path.join(root, '.millrace-multipart'))).toEqual([]);
  });

  it('a failed upload leaves no temporary file behind', async () => {
    const body = Readable.from(
      (async function* () {
        yield Buffer.from('partial');
        throw new Error('client went away');
      })(),
    );
    await expect(repository.writeArtifact('d/partial.txt', body)).rejects.toThrow('client went away');
    expect(await readdir(path.join(root, 'd'))).toEqual([]);
  });
});
