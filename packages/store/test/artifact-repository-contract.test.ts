import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createLocalArtifactRepository, createS3ArtifactRepository } from '../src/index.js';
import { runArtifactRepositoryContract } from './artifact-repository-contract.js';
import { startFakeS3Server, type FakeS3Server } from './support/fake-s3-server.js';

runArtifactRepositoryContract({
  name: 'local directory',
  async create() {
    const root = await mkdtemp(path.join(tmpdir(), 'millrace-artifacts-'));
    return {
      repository: createLocalArtifactRepository(path.join(root, 'mlartifacts')),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
});

let fakeS3: FakeS3Server;
let prefixCounter = 0;

beforeAll(async () => {
  fakeS3 = await startFakeS3Server();
});

afterAll(async () => {
  await fakeS3.close();
});

for (const checksums of ['WHEN_SUPPORTED', 'WHEN_REQUIRED']) {
  runArtifactRepositoryContract({
    name: `S3 (fake S3 server, checksums ${checksums})`,
    async create() {
      // A prefix of its own per test: the fake's bucket is shared by the tests of this file.
      const prefix = `tests/${++prefixCounter}/mlartifacts`;
      const repository = createS3ArtifactRepository(`s3://${fakeS3.bucket}/${prefix}`, {
        environment: { ...fakeS3.environment, AWS_REQUEST_CHECKSUM_CALCULATION: checksums },
        listPageSize: 2,
        uploadPartSize: 5 * 1024 * 1024,
      });
      return {
        repository,
        async close() {
          await repository.deleteArtifacts('');
          await repository.close();
        },
      };
    },
    afterEachTest() {
      const refusals = fakeS3.refusals.splice(0);
      expect(refusals).toEqual([]);
      expect(fakeS3.pendingUploads()).toBe(0);
    },
  });
}
