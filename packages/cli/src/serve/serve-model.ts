import { loadModel } from '@millrace/models';
import { createScoringApp } from '@millrace/scoring-server';
import { MILLRACE_VERSION } from '../version.js';
import { runServer } from './run-server.js';

export interface ServeModelOptions {
  modelUri: string;
  host: string;
  port: number;
  timeoutSeconds: number;
  workers: number;
  maxBodyBytes: number;
}

/** `millrace models serve`: the scoring server over one model, in one or several processes. */
export function serveModel(options: ServeModelOptions): Promise<number> {
  return runServer({
    host: options.host,
    port: options.port,
    workers: options.workers,
    describe: (address) =>
      `serving model '${options.modelUri}' at ${address} (workers: ${options.workers}, timeout: ${options.timeoutSeconds} s)`,
    createApp: async () => {
      const model = await loadModel(options.modelUri);
      return createScoringApp({
        model,
        timeoutSeconds: options.timeoutSeconds,
        maxBodyBytes: options.maxBodyBytes,
        version: MILLRACE_VERSION,
      });
    },
  });
}
