import { loadModel } from '@millrace/models';
import { createScoringApp, type ScoringBatchingOptions } from '@millrace/scoring-server';
import { resolveModelDirectory } from '../options/resolve-model-directory.js';
import { MILLRACE_VERSION } from '../version.js';
import { CLI_FLAVORS } from './model-flavors.js';
import { runServer } from './run-server.js';

export interface ServeModelOptions {
  modelUri: string;
  host: string;
  port: number;
  timeoutSeconds: number;
  workers: number;
  maxBodyBytes: number;
  /** Adaptive batching, for models that can batch (`--batch-max-size`, `--batch-max-delay-ms`, `--no-batching`). */
  batching?: ScoringBatchingOptions;
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
      const model = await loadModel(await resolveModelDirectory(options.modelUri), {
        flavors: CLI_FLAVORS,
      });
      return createScoringApp({
        model,
        timeoutSeconds: options.timeoutSeconds,
        maxBodyBytes: options.maxBodyBytes,
        ...(options.batching === undefined ? {} : { batching: options.batching }),
        version: MILLRACE_VERSION,
      });
    },
  });
}
