import cluster from 'node:cluster';
import { loadModel } from '@millrace/models';
import { createScoringApp } from '@millrace/scoring-server';
import { MILLRACE_VERSION } from '../version.js';
import { serveInCluster } from './serve-in-cluster.js';

export interface ServeModelOptions {
  modelUri: string;
  host: string;
  port: number;
  timeoutSeconds: number;
  workers: number;
  maxBodyBytes: number;
}

function log(message: string): void {
  process.stderr.write(`millrace: ${message}\n`);
}

/**
 * `millrace models serve`: one process, or with `workers > 1` a node:cluster of processes
 * that each load the model and share the port. Resolves with the exit code once the server
 * has been stopped by SIGINT/SIGTERM.
 */
export async function serveModel(options: ServeModelOptions): Promise<number> {
  const describe = (address: string): string =>
    `serving model '${options.modelUri}' at ${address} (workers: ${options.workers}, timeout: ${options.timeoutSeconds} s)`;

  if (options.workers > 1 && cluster.isPrimary) {
    return serveInCluster({ workers: options.workers, onReady: (address) => log(describe(address)), log });
  }

  const model = await loadModel(options.modelUri);
  const app = createScoringApp({
    model,
    timeoutSeconds: options.timeoutSeconds,
    maxBodyBytes: options.maxBodyBytes,
    version: MILLRACE_VERSION,
  });
  const address = await app.listen({ host: options.host, port: options.port });
  if (cluster.isPrimary) log(describe(address));

  return new Promise((resolve) => {
    const stop = (): void => {
      void app.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
