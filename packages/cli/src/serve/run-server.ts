import cluster from 'node:cluster';
import { serveInCluster } from './serve-in-cluster.js';

/**
 * V8 flags of the serving processes. A server allocates a few kB per request and keeps a few
 * requests alive across each young-generation collection; V8 then grows the young generation to
 * its 16 MiB maximum, and each collection pauses the event loop ~1 ms (a p99 of 1.2-1.5 ms at c=8
 * in bench/scoring-server.mjs). Capped at 4 MiB, collections are more frequent but pause ~0.2 ms,
 * for the same throughput. V8 takes these only at process start.
 */
export const SERVING_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

function startedWithServingFlags(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((flag) => /^--max[-_]semi[-_]space[-_]size/.test(flag));
}

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
 * Runs a server command: a node:cluster of `workers` processes that each build the app and share
 * the port, started with `SERVING_NODE_FLAGS` (the primary only supervises). When this process
 * already has the flags (NODE_OPTIONS, or `node --max-semi-space-size=...`) and one worker is
 * asked for, it serves by itself. Resolves with the exit code once SIGINT/SIGTERM has stopped it
 * (after in-flight requests finished, or the grace period ran out).
 */
export async function runServer(options: RunServerOptions): Promise<number> {
  const hasFlags = startedWithServingFlags();
  if (cluster.isPrimary && (options.workers > 1 || !hasFlags)) {
    cluster.setupPrimary({
      execArgv: [...process.execArgv, ...(hasFlags ? [] : SERVING_NODE_FLAGS)],
    });
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
