// Progress bars of large artifact transfers: the decision, the bars themselves on a (stand-in)
// terminal, no output at all off a terminal, and the real CLI under a pseudo-terminal (`script`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { MlflowClient } from '@millrace/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransferProgressBars,
  PROGRESS_BAR_THRESHOLD_BYTES,
  shouldShowTransferProgress,
} from '../src/progress/transfer-progress-bars.js';
import { MILLRACE_BIN, runMillrace, startMillrace, type RunningServer } from './millrace-process.js';

const MiB = 1024 * 1024;

/** A stand-in for stderr that records what is written; a terminal or not. */
function recordingStream(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; text(): string };
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  stream.isTTY = isTTY;
  stream.columns = 200;
  stream.text = () => written;
  return stream;
}

/** Moves `size` bytes through a tracker in 64 KiB steps. */
function simulate(
  factory: ReturnType<typeof createTransferProgressBars>,
  size: number,
  direction: 'upload' | 'download',
) {
  const tracker = factory({ direction, target: 'mlflow-artifacts:/1/run/artifacts/big.bin' });
  tracker.addTotal(size);
  for (let moved = 0; moved < size; moved += 64 * 1024) tracker.advance(Math.min(64 * 1024, size - moved));
  tracker.end();
}

describe('shouldShowTransferProgress', () => {
  it('shows a bar only on a terminal, above the threshold, unless MILLRACE_PROGRESS=0', () => {
    expect(PROGRESS_BAR_THRESHOLD_BYTES).toBe(MiB);
    expect(shouldShowTransferProgress({ isTTY: true, totalBytes: 2 * MiB })).toBe(true);
    expect(shouldShowTransferProgress({ isTTY: true, totalBytes: MiB })).toBe(false);
    expect(shouldShowTransferProgress({ isTTY: true, totalBytes: 0 })).toBe(false);
    expect(shouldShowTransferProgress({ isTTY: false, totalBytes: 100 * MiB })).toBe(false);
    expect(shouldShowTransferProgress({ isTTY: true, totalBytes: 20, thresholdBytes: 10 })).toBe(true);
    expect(
      shouldShowTransferProgress({
        isTTY: true,
        totalBytes: 2 * MiB,
        environment: { MILLRACE_PROGRESS: '0' },
      }),
    ).toBe(false);
  });
});

describe('createTransferProgressBars', () => {
  it('draws a bar for a large transfer on a terminal and completes it', () => {
    const stream = recordingStream(true);
    simulate(createTransferProgressBars({ stream, environment: {} }), 3 * MiB, 'upload');
    const text = stream.text();
    expect(text).toContain('Uploading mlflow-artifacts:/1/run/artifacts/big.bin');
    expect(text).toContain('100%');
    expect(text).toContain('3.0 MiB / 3.0 MiB');
  });

  it('writes nothing off a terminal, for small transfers, or when turned off', () => {
    const notTty = recordingStream(false);
    simulate(createTransferProgressBars({ stream: notTty, environment: {} }), 50 * MiB, 'download');
    expect(notTty.text()).toBe('');
    const small = recordingStream(true);
    simulate(createTransferProgressBars({ stream: small, environment: {} }), MiB, 'download');
    expect(small.text()).toBe('');
    const off = recordingStream(true);
    simulate(
      createTransferProgressBars({ stream: off, environment: { MILLRACE_PROGRESS: '0' } }),
      5 * MiB,
      'upload',
    );
    expect(off.text()).toBe('');
  });

  it('starts the bar once the announced sizes pass the threshold (directory transfers)', () => {
    const stream = recordingStream(true);
    const tracker = createTransferProgressBars({ stream, environment: {} })({
      direction: 'download',
      target: 'dir',
    });
    tracker.addTotal(MiB / 2);
    tracker.advance(MiB / 2);
    expect(stream.text()).toBe('');
    tracker.addTotal(MiB);
    tracker.advance(MiB);
    tracker.end();
    expect(stream.text()).toContain('1.5 MiB / 1.5 MiB');
  });
});

describe('millrace artifacts with a large file', () => {
  let workspace: string;
  let server: RunningServer;
  let runId: string;
  let environment: NodeJS.ProcessEnv;
  let big: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'millrace-progress-'));
    server = await startMillrace([
      'server',
      '--backend-store-uri',
      `sqlite:///${join(workspace, 'mlflow.db')}`,
      '--artifacts-destination',
      join(workspace, 'mlartifacts'),
      '-p',
      '0',
    ]);
    environment = { MLFLOW_TRACKING_URI: server.address, MILLRACE_PROGRESS: undefined };
    const client = new MlflowClient({ trackingUri: server.address });
    try {
      const experimentId = await client.createExperiment('progress');
      runId = (await client.createRun(experimentId)).info.runId;
    } finally {
      await client.close();
    }
    big = join(workspace, 'big.bin');
    await writeFile(big, randomBytes(3 * MiB));
  });

  afterAll(async () => {
    await server?.stop();
    await rm(workspace, { recursive: true, force: true });
  });

  it('prints no bar when stderr is not a terminal', async () => {
    const uploaded = await runMillrace(['artifacts', 'log-artifact', '-l', big, '-r', runId], {
      env: environment,
    });
    expect(uploaded.code).toBe(0);
    expect(uploaded.stderr).toBe('');
    const destination = join(workspace, 'plain-download');
    const downloaded = await runMillrace(
      ['artifacts', 'download', '-r', runId, '-a', 'big.bin', '-d', destination],
      {
        env: environment,
      },
    );
    expect(downloaded.code).toBe(0);
    expect(downloaded.stderr).toBe('');
    expect(downloaded.stdout.trim()).toBe(join(destination, 'big.bin'));
  });

  it.runIf(existsSync('/usr/bin/script'))('draws a bar on a pseudo-terminal', async () => {
    const destination = join(workspace, 'tty-download');
    const command = [
      process.execPath,
      MILLRACE_BIN,
      'artifacts',
      'download',
      '-r',
      runId,
      '-a',
      'big.bin',
      '-d',
      destination,
    ]
      .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
      .join(' ');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: { ...process.env, ...environment, COLUMNS: '200' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`script exited ${code}: ${text}`)),
      );
      child.stdin.end();
    });
    expect(output).toContain('Downloading');
    expect(output).toContain('100%');
    expect(output).toContain('3.0 MiB / 3.0 MiB');
    expect((await readFile(join(destination, 'big.bin'))).equals(await readFile(big))).toBe(true);
  });
});
