import cluster, { type Worker } from 'node:cluster';

export interface ClusterOptions {
  workers: number;
  /** Printed once every worker listens: `address` is `http://host:port`. */
  onReady(address: string): void;
  log(message: string): void;
}

/**
 * Runs in the primary process: forks `workers` copies of this command (node:cluster, one
 * shared listening socket), reports readiness once all of them listen, restarts a worker
 * that dies after it was serving, and fails fast if one dies before it ever listened
 * (a model that cannot load would otherwise be restarted forever).
 */
export function serveInCluster(options: ClusterOptions): Promise<number> {
  return new Promise((resolve) => {
    const listening = new Set<Worker>();
    let ready = false;
    let stopping = false;

    const fork = (): void => {
      const worker = cluster.fork();
      worker.on('listening', (address) => {
        listening.add(worker);
        if (!ready && listening.size === options.workers) {
          ready = true;
          const host = address.address && address.address !== '::' ? address.address : '127.0.0.1';
          options.onReady(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        }
      });
    };

    cluster.on('exit', (worker, code, signal) => {
      const wasServing = listening.delete(worker);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(0);
        return;
      }
      if (!wasServing) {
        stopping = true;
        options.log(`a worker exited before it could serve (code ${code ?? signal}); stopping.`);
        for (const other of Object.values(cluster.workers ?? {})) other?.kill();
        resolve(1);
        return;
      }
      options.log(`worker ${worker.process.pid} died (${signal ?? `code ${code}`}); starting a new one.`);
      fork();
    });

    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      const remaining = Object.values(cluster.workers ?? {});
      if (remaining.length === 0) resolve(0);
      for (const worker of remaining) worker?.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);

    for (let index = 0; index < options.workers; index += 1) fork();
  });
}
