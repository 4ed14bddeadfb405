import { it, expect } from 'vitest';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
it('imports', async () => {
  const client = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  expect(typeof Upload).toBe('function');
  await expect(client.send(new ListObjectsV2Command({ Bucket: 'x' }))).rejects.toThrow();
});
