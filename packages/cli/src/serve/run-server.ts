import cluster from 'node:cluster';
import { serveInCluster } from './serve-in-cluster.js';

/** How long in-flight requests get to finish after SIGINT/SIGTERM before connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/** What the server commands build: a fastify app, seen structurally (the CLI needs no fastify). */
export interface ListeningApp {
  listen(options: { host: string; port: number }): Promise<string>;
  close(): PromiseLike<unknown>;
  readonly server: { closeAllConnections(): void };
}

export interface RunServerOptions {
  host: string;
  port: number;
  workers: number;
  /** Builds the app in each process that serves (the only process, or each cluster worker). */
  createApp(): Promise<ListeningApp>;
  /** The line announcing the server, e.g. `serving model 'x' at http://127.0.0.1:5000`. */
  describe(address: string): string;
}

export function log(message: string): void {
  process.stderr.write(`millrace: ${message}\n`);
}

/**
 * Runs a server command: one process, or with `workers > 1` a node:cluster of processes that
 * each build the app and share the port. Resolves with the exit code once SIGINT/SIGTERM has
 * stopped it (after in-flight requests finished, or the grace period ran out).
 */
export async function runServer(options: RunServerOptions): Promise<number> {
  if (options.workers > 1 && cluster.isPrimary) {
    return serveInCluster({
      workers: options.workers,
      onReady: (address) => log(options.describe(address)),
      log,
    });
  }

  const app = await options.createApp();
  const address = await app.listen({ host: options.host, port: options.port });
  if (cluster.isPrimary) log(options.describe(address));

  return new Promise((resolve) => {
    const stop = (): void => {
      const cut = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      cut.unref();
      void app.close().then(() => {
        clearTimeout(cut);
        resolve(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
