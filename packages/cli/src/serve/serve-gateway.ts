import { resolve } from 'node:path';
import {
  checkEndpointCompatibility,
  createGatewayApp,
  createRateLimitStore,
  loadGatewayConfig,
  watchGatewayConfig,
  type CompatibilityWarning,
  type GatewayConfig,
} from '@millrace/gateway';
import { log, runServer } from './run-server.js';
import cluster from 'node:cluster';

export interface ServeGatewayOptions {
  configPath: string;
  host: string;
  port: number;
  workers: number;
  strict: boolean;
  rateLimitStorage: string;
  /** Enables the runtime endpoints API (create/update/delete endpoints over REST) for this bearer token. */
  adminToken?: string;
}

/** Prints the start-up check's findings; returns true when `--strict` must refuse the config. */
function reportCompatibility(warnings: CompatibilityWarning[], strict: boolean): boolean {
  for (const warning of warnings) {
    log(`warning: ${warning.message}`);
  }
  return strict && warnings.some((warning) => warning.checked);
}

async function checkConfig(config: GatewayConfig, strict: boolean): Promise<boolean> {
  return !reportCompatibility(await checkEndpointCompatibility(config), strict);
}

/**
 * `millrace deployments start-server` / `millrace gateway start`: validates the config (every
 * problem with its path), checks each served-model endpoint against the model's signature, then
 * serves, re-checking on every change of the file (hot reload).
 */
export async function serveGateway(options: ServeGatewayOptions): Promise<number> {
  const configPath = resolve(options.configPath);
  const config = await loadGatewayConfig(configPath);
  if (cluster.isPrimary) {
    if (!(await checkConfig(config, options.strict))) {
      log('refusing to start (--strict): an endpoint cannot answer its endpoint type.');
      return 2;
    }
    if (options.workers > 1 && options.rateLimitStorage.startsWith('memory')) {
      log(
        'note: with several workers, in-memory rate limits count per worker; use --rate-limit-storage redis://… for one shared budget.',
      );
    }
  }
  return runServer({
    host: options.host,
    port: options.port,
    workers: options.workers,
    describe: (address) =>
      `gateway serving ${config.endpoints.length} endpoint(s) from ${configPath} at ${address} (workers: ${options.workers})`,
    createApp: async () => {
      const rateLimitStore = createRateLimitStore(options.rateLimitStorage);
      const gateway = await createGatewayApp({
        config,
        configPath,
        rateLimitStore,
        adminToken: options.adminToken,
      });
      const watcher = watchGatewayConfig(configPath, async (next) => {
        if (!(await checkConfig(next, options.strict))) {
          log(`not applying the new ${configPath} (--strict): an endpoint cannot answer its endpoint type.`);
          return;
        }
        await gateway.reload(next);
        log(`configuration reloaded from ${configPath} (${next.endpoints.length} endpoints)`);
      });
      gateway.app.addHook('onClose', async () => {
        watcher.close();
        await rateLimitStore.close();
      });
      return gateway.app;
    },
  });
}
