import { setTimeout as delay } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  digestStream,
  generatedBody,
  generatedBodySha256,
} from '../../store/test/support/generated-bytes.js';
import {
  startArtifactServer,
  streamRequest,
  type RunningArtifactServer,
} from './support/artifact-server-fixture.js';
import { sendRaw } from './support/tracking-vectors.js';

const MIB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The highest live memory (JavaScript heap + buffers) above the level when sampling started, while
 * a transfer runs: every 250 ms a full garbage collection, then (once freed buffers are released)
 * a measurement. What the transfer holds, not the garbage it leaves for the collector. Server and
 * client run in this process, so both ends count.
 */
function sampleMemory(): { stop(): Promise<number> } {
  const live = async () => {
    collectGarbage();
    await delay(50);
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  let running = true;
  const sampling = (async () => {
    const baseline = await live();
    let peak = baseline;
    while (running) {
      await delay(200);
      peak = Math.max(peak, await live());
    }
    return peak - baseline;
  })();
  return {
    async stop() {
      running = false;
      return sampling;
    },
  };
}

/**
 * Per destination: the file size and the most memory the transfer may hold (3/8 of the file:
 * measurements are noisy when the machine is busy). The S3 upload holds about three 5 MiB parts
 * (lib-storage accumulates a part while the previous one is sent) whatever the file size, some
 * 25 MiB measured; the local destination streams through small buffers (under 16 MiB measured).
 */
const CASES = [
  { destination: 'local', fileBytes: 64 * MIB, memoryBound: 24 * MIB },
  { destination: 's3', fileBytes: 128 * MIB, memoryBound: 48 * MIB },
] as const;

for (const { destination, fileBytes, memoryBound } of CASES) {
  describe(`artifact streaming through the tracking server (${destination} destination)`, () => {
    let running: RunningArtifactServer;

    afterEach(async () => {
      expect(running.server.loggedErrors).toEqual([]);
      if (running.fakeS3 !== undefined) {
        expect(running.fakeS3.refusals).toEqual([]);
        expect(running.fakeS3.pendingUploads()).toBe(0);
      }
      await running.close();
    });

    it(
      `uploads and downloads a ${fileBytes / MIB} MiB file holding less than ${memoryBound / MIB} MiB`,
      { timeout: 180_000 },
      async () => {
        running = await startArtifactServer({ destination });
        const { experimentId, runId } = await running.createRun();
        const url = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/weights/model.safetensors`;
        const expectedSha256 = generatedBodySha256(fileBytes, 'large');

        const uploadMemory = sampleMemory();
        const upload = await streamRequest(
          running.url,
          'PUT',
          url,
          { 'content-type': 'application/octet-stream', 'content-length': String(fileBytes) },
          generatedBody(fileBytes, 'large'),
        );
        expect(upload.status).toBe(200);
        expect((await digestStream(upload.body)).size).toBe(2); // {}
        expect(await uploadMemory.stop()).toBeLessThan(memoryBound);

        const downloadMemory = sampleMemory();
        const download = await streamRequest(running.url, 'GET', url, {});
        expect(download.status).toBe(200);
        expect(download.headers['content-length']).toBe(String(fileBytes));
        expect(await digestStream(download.body)).toEqual({ sha256: expectedSha256, size: fileBytes });
        expect(await downloadMemory.stop()).toBeLessThan(memoryBound);
      },
    );

    it('runs a multipart upload end to end: create, parts PUT to the returned URLs, complete, download', async () => {
      running = await startArtifactServer({ destination });
      const { experimentId, runId } = await running.createRun();
      const directory = `${experimentId}/${runId}/artifacts/checkpoints`;
      const partSize = 5 * MIB;
      const fileBytes = 2 * partSize + 1234;
      const authorization = 'Bearer multipart-test-token';

      const created = await sendRaw(
        running.url,
        'POST',
        `/api/2.0/mlflow-artifacts/mpu/create/${directory}`,
        { 'content-type': 'application/json', authorization },
        Buffer.from(JSON.stringify({ path: '/home/me/run/model.bin', num_parts: 3 })),
      );
      expect(created.status, created.text).toBe(200);
      const { upload_id: uploadId, credentials } = created.json as {
        upload_id: string;
        credentials: { url: string; part_number: number; headers: Record<string, string> }[];
      };
      expect(credentials.map((credential) => credential.part_number)).toEqual([1, 2, 3]);

      // As the Python client: each part's bytes PUT to its URL with its headers; the ETag kept.
      const whole = await digestStream(generatedBody(fileBytes, 'multipart'));
      const bytes = Buffer.alloc(fileBytes);
      let offset = 0;
      for await (const chunk of generatedBody(fileBytes, 'multipart'))
        offset += (chunk as Buffer).copy(bytes, offset);
      const parts: { part_number: number; etag: string; url: string }[] = [];
      for (const credential of [...credentials].reverse()) {
        expect(credential.headers).toEqual({ Authorization: authorization });
        const start = (credential.part_number - 1) * partSize;
        const partUrl = new URL(credential.url);
        expect(`${partUrl.protocol}//${partUrl.host}`).toBe(running.url);
        const response = await sendRaw(
          running.url,
          'PUT',
          `${partUrl.pathname}${partUrl.search}`,
          credential.headers,
          bytes.subarray(start, Math.min(start + partSize, fileBytes)),
        );
        expect(response.status, response.text).toBe(200);
        const etag = response.headers.etag;
        expect(typeof etag).toBe('string');
        parts.unshift({ part_number: credential.part_number, etag: etag as string, url: credential.url });
      }

      const completed = await sendRaw(
        running.url,
        'POST',
        `/api/2.0/mlflow-artifacts/mpu/complete/${directory}`,
        { 'content-type': 'application/json' },
        Buffer.from(JSON.stringify({ path: '/home/me/run/model.bin', upload_id: uploadId, parts })),
      );
      expect(completed.status, completed.text).toBe(200);
      expect(completed.json).toEqual({});

      const download = await streamRequest(
        running.url,
        'GET',
        `/api/2.0/mlflow-artifacts/artifacts/${directory}/model.bin`,
        {},
      );
      expect(download.status).toBe(200);
      expect(await digestStream(download.body)).toEqual(whole);

      // Abort drops an upload; its id is then unknown.
      const second = await sendRaw(
        running.url,
        'POST',
        `/ajax-api/2.0/mlflow-artifacts/mpu/create/${directory}`,
        { 'content-type': 'application/json' },
        Buffer.from(JSON.stringify({ path: 'other.bin', num_parts: 1 })),
      );
      const secondId = (second.json as { upload_id: string }).upload_id;
      const abort = (id: string) =>
        sendRaw(
          running.url,
          'POST',
          `/api/2.0/mlflow-artifacts/mpu/abort/${directory}`,
          { 'content-type': 'application/json' },
          Buffer.from(JSON.stringify({ path: 'other.bin', upload_id: id })),
        );
      expect((await abort(secondId)).status).toBe(200);
      const again = await abort(secondId);
      expect(again.status).toBe(404);
      expect((again.json as { error_code: string }).error_code).toBe('RESOURCE_DOES_NOT_EXIST');
      const listing = await sendRaw(
        running.url,
        'GET',
        `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(directory)}`,
        {},
        undefined,
      );
      expect(listing.json).toEqual({ files: [{ path: 'model.bin', is_dir: false, file_size: fileBytes }] });
    });
  });
}
