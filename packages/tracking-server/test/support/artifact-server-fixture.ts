import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createLocalArtifactRepository,
  createS3ArtifactRepository,
  type ArtifactRepository,
} from '@millrace/store';
import { startFakeS3Server, type FakeS3Server } from '../../../store/test/support/fake-s3-server.js';
import type { TrackingAppOptions } from '../../src/index.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './tracking-server-fixture.js';

export interface ArtifactServerOptions {
  /** Where proxied artifacts go. Default 'local'. */
  destination?: 'local' | 's3';
  serveArtifacts?: boolean;
  /** Builds more app options from the sandbox directory (e.g. direct artifact roots in it). */
  appOptions?: (sandbox: string) => Partial<TrackingAppOptions>;
}

export interface RunningArtifactServer {
  server: RunningTrackingServer;
  url: string;
  /** A temporary directory for the test; the local destination is `<sandbox>/mlartifacts`. */
  sandbox: string;
  destination: ArtifactRepository;
  fakeS3?: FakeS3Server;
  /** An experiment and a run in it (artifact root `mlflow-artifacts:/<experiment>/<run>/artifacts`). */
  createRun(
    experimentName?: string,
    artifactLocation?: string,
  ): Promise<{ experimentId: string; runId: string }>;
  close(): Promise<void>;
}

/** A tracking server (SQLite in memory) serving artifacts from a local directory or the fake S3 server. */
export async function startArtifactServer(
  options: ArtifactServerOptions = {},
): Promise<RunningArtifactServer> {
  const sandbox = await mkdtemp(path.join(tmpdir(), 'millrace-artifact-server-'));
  let fakeS3: FakeS3Server | undefined;
  let destination: ArtifactRepository;
  if (options.destination === 's3') {
    fakeS3 = await startFakeS3Server();
    destination = createS3ArtifactRepository(`s3://${fakeS3.bucket}/mlartifacts`, {
      environment: fakeS3.environment,
      uploadPartSize: 5 * 1024 * 1024,
      uploadQueueSize: 1,
    });
  } else {
    destination = createLocalArtifactRepository(path.join(sandbox, 'mlartifacts'));
  }
  const [backend] = trackingBackends();
  if (backend === undefined) throw new Error('No tracking backend.');
  const server = await startTrackingServer(backend, {
    artifactsDestination: destination,
    ...(options.serveArtifacts === undefined ? {} : { serveArtifacts: options.serveArtifacts }),
    ...options.appOptions?.(sandbox),
  });
  let experiments = 0;
  return {
    server,
    url: server.url,
    sandbox,
    destination,
    fakeS3,
    async createRun(experimentName, artifactLocation) {
      const experimentId = await server.trackingStore.createExperiment({
        name: experimentName ?? `artifacts-${++experiments}`,
        ...(artifactLocation === undefined ? {} : { artifactLocation }),
      });
      const run = await server.trackingStore.createRun({ experimentId });
      return { experimentId, runId: run.info.runId };
    },
    async close() {
      await server.close();
      await destination.close();
      await fakeS3?.close();
      await rm(sandbox, { recursive: true, force: true });
    },
  };
}

export interface StreamedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** An HTTP request whose body is streamed from `body` and whose answer body is left to the caller. */
export function streamRequest(
  baseUrl: string,
  method: string,
  requestPath: string,
  headers: Record<string, string>,
  body?: Readable,
): Promise<StreamedResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: url.hostname, port: url.port, method, path: requestPath, headers, agent: false },
      (incoming) => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: incoming }),
    );
    outgoing.on('error', reject);
    if (body === undefined) outgoing.end();
    else pipeline(body, outgoing).catch(reject);
  });
}
