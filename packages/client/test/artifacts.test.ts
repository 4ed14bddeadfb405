import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTransferProgress, type TransferProgressFactory } from '../src/artifacts/transfer-progress.js';
import { resetTrackingUri, setTrackingUri } from '../src/config/tracking-uri.js';
import { resetActiveExperiment, setExperiment } from '../src/fluent/active-experiment.js';
import { getFluentClient } from '../src/fluent/fluent-session.js';
import { activeRun, endRun, startRun } from '../src/fluent/run-lifecycle.js';
import { getArtifactUri, logArtifact, logArtifacts } from '../src/fluent/run-logging.js';
import { MlflowClient } from '../src/tracking/mlflow-client.js';
import { startTrackingServer, type TestTrackingServer } from './support/tracking-server.js';

let server: TestTrackingServer;
let local: string;

beforeAll(async () => {
  server = await startTrackingServer();
  setTrackingUri(server.url);
  local = mkdtempSync(path.join(tmpdir(), 'millrace-client-artifacts-'));
});

afterEach(async () => {
  while (activeRun() !== undefined) await endRun();
  resetActiveExperiment();
});

afterAll(async () => {
  resetTrackingUri();
  await server?.close();
  rmSync(local, { recursive: true, force: true });
});

function write(relative: string, content: string | Buffer): string {
  const file = path.join(local, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function fileDownloads(): number {
  return server.requests.filter(
    (request) => request.method === 'GET' && request.path.startsWith('/api/2.0/mlflow-artifacts/artifacts/'),
  ).length;
}

describe('run artifacts', () => {
  it('uploads files and directories, lists them and downloads them back', async () => {
    await setExperiment('client-artifacts');
    const run = await startRun();
    const runId = run.info.runId;
    await logArtifact(write('notes.txt', 'hello'));
    await logArtifact(write('plots/loss curve.json', '{"points":[1,2]}'), 'plots');
    write('dataset/train.csv', 'a,b\n1,2\n');
    write('dataset/nested/deeper/readme.md', '# data');
    await logArtifacts(path.join(local, 'dataset'), 'data');

    const client = getFluentClient();
    const root = await client.listArtifacts(runId);
    expect(root.map((entry) => [entry.path, entry.isDir])).toEqual(
      expect.arrayContaining([
        ['notes.txt', false],
        ['plots', true],
        ['data', true],
      ]),
    );
    expect(root.find((entry) => entry.path === 'notes.txt')?.fileSize).toBe(5);
    const data = await client.listArtifacts(runId, 'data');
    expect(data.map((entry) => entry.path).sort()).toEqual(['data/nested', 'data/train.csv']);
    expect(getArtifactUri('data')).toBe(`${run.info.artifactUri}/data`);

    const destination = path.join(local, 'downloaded');
    const downloaded = await client.downloadArtifacts({
      runId,
      artifactPath: 'data',
      destinationDirectory: destination,
    });
    expect(downloaded).toBe(path.join(destination, 'data'));
    expect(readFileSync(path.join(downloaded, 'train.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(path.join(downloaded, 'nested/deeper/readme.md'), 'utf8')).toBe('# data');
    const single = await client.downloadArtifacts({
      runId,
      artifactPath: 'plots/loss curve.json',
      destinationDirectory: destination,
    });
    expect(readFileSync(single, 'utf8')).toBe('{"points":[1,2]}');
  });

  it('streams a large file up and down intact', async () => {
    await setExperiment('client-artifacts-large');
    const run = await startRun();
    const big = write('big.bin', randomBytes(24 * 1024 * 1024));
    await logArtifact(big, 'blobs');
    const client = new MlflowClient({ trackingUri: server.url, environment: {} });
    const downloaded = await client.downloadArtifacts({
      runId: run.info.runId,
      artifactPath: 'blobs/big.bin',
      destinationDirectory: path.join(local, 'big-download'),
    });
    expect(sha256(downloaded)).toBe(sha256(big));
    await client.close();
  });

  it('reuses an unchanged download from the cache and refreshes a changed one', async () => {
    await setExperiment('client-artifacts-cache');
    const run = await startRun();
    write('cache-source/train.csv', 'a,b\n1,2\n');
    write('cache-source/extra/info.txt', 'info');
    await logArtifacts(path.join(local, 'cache-source'), 'cached');
    const client = new MlflowClient({
      trackingUri: server.url,
      environment: {},
      cacheDirectory: path.join(local, 'cache'),
    });
    const first = await client.downloadArtifacts({ runId: run.info.runId, artifactPath: 'cached' });
    const downloads = fileDownloads();
    const second = await client.downloadArtifacts({ runId: run.info.runId, artifactPath: 'cached' });
    expect(second).toBe(first);
    expect(fileDownloads()).toBe(downloads);

    await logArtifact(write('replacement/train.csv', 'a,b\n1,2\n3,4\n'), 'cached');
    const third = await client.downloadArtifacts({ runId: run.info.runId, artifactPath: 'cached' });
    expect(third).not.toBe(first);
    expect(readFileSync(path.join(third, 'train.csv'), 'utf8')).toBe('a,b\n1,2\n3,4\n');
    expect(readFileSync(path.join(first, 'train.csv'), 'utf8')).toBe('a,b\n1,2\n');
    await client.close();
  });

  it('refuses artifact paths that leave the run', async () => {
    await setExperiment('client-artifacts-paths');
    await startRun();
    await expect(logArtifact(write('x.txt', 'x'), '../elsewhere')).rejects.toThrow('Invalid artifact path');
  });
});

describe('transfer progress', () => {
  /** Records what the transfers report. */
  function recorder() {
    const transfers: { direction: string; target: string; total: number; moved: number; ended: boolean }[] =
      [];
    const factory: TransferProgressFactory = (transfer) => {
      const record = { ...transfer, total: 0, moved: 0, ended: false };
      transfers.push(record);
      return {
        addTotal: (bytes) => (record.total += bytes),
        advance: (bytes) => (record.moved += bytes),
        end: () => (record.ended = true),
      };
    };
    return { transfers, factory };
  }

  it('reports the sizes and the bytes of uploads and downloads, once each, and ends them', async () => {
    const { transfers, factory } = recorder();
    const client = new MlflowClient({ trackingUri: server.url, transferProgress: factory });
    try {
      const experimentId = await client.createExperiment(`progress-${Date.now()}`);
      const run = await client.createRun(experimentId);
      const big = randomBytes(3 * 1024 * 1024 + 17);
      await client.logArtifact(run.info.runId, write('progress/big.bin', big));
      write('progress-dir/a.txt', 'aaaa');
      write('progress-dir/sub/b.txt', 'bb');
      await client.logArtifacts(run.info.runId, path.join(local, 'progress-dir'), 'dir');
      const destination = path.join(local, 'progress-download');
      await client.downloadArtifacts({ runId: run.info.runId, destinationDirectory: destination });
      await client.downloadArtifacts({
        runId: run.info.runId,
        artifactPath: 'big.bin',
        destinationDirectory: path.join(local, 'progress-single'),
      });
      const whole = big.length + 6;
      expect(transfers).toEqual([
        {
          direction: 'upload',
          target: expect.stringMatching(/\/artifacts\/big\.bin$/),
          total: big.length,
          moved: big.length,
          ended: true,
        },
        {
          direction: 'upload',
          target: expect.stringMatching(/\/artifacts\/dir$/),
          total: 6,
          moved: 6,
          ended: true,
        },
        {
          direction: 'download',
          target: expect.stringMatching(/\/artifacts$/),
          total: whole,
          moved: whole,
          ended: true,
        },
        {
          direction: 'download',
          target: expect.stringMatching(/\/artifacts\/big\.bin$/),
          total: big.length,
          moved: big.length,
          ended: true,
        },
      ]);
    } finally {
      await client.close();
    }
  });

  it('uses the process-wide factory when the client has none, and ends a failed transfer', async () => {
    const { transfers, factory } = recorder();
    setTransferProgress(factory);
    const client = new MlflowClient({ trackingUri: server.url });
    try {
      const experimentId = await client.createExperiment(`progress-failed-${Date.now()}`);
      const run = await client.createRun(experimentId);
      await expect(
        client.downloadArtifacts({
          runId: run.info.runId,
          artifactPath: 'missing.bin',
          destinationDirectory: path.join(local, 'progress-missing'),
        }),
      ).rejects.toThrow();
      expect(transfers).toEqual([
        {
          direction: 'download',
          target: expect.stringMatching(/missing\.bin$/),
          total: 0,
          moved: 0,
          ended: true,
        },
      ]);
    } finally {
      setTransferProgress(undefined);
      await client.close();
    }
  });
});
