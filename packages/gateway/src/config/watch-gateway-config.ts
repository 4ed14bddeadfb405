import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { type GatewayLogger, consoleGatewayLogger } from '../gateway-logger.js';
import type { GatewayConfig } from './gateway-config.js';
import { GatewayConfigError } from './gateway-config-error.js';
import { parseGatewayConfig } from './load-gateway-config.js';
import type { GatewayConfigOptions } from './validate-gateway-config.js';

export interface WatchGatewayConfigOptions extends GatewayConfigOptions {
  logger?: GatewayLogger;
  /** Quiet time after the last file event before the file is read. Default 200 ms. */
  debounceMs?: number;
}

export interface ConfigWatcher {
  close(): void;
  /**
   * Records file contents that were applied by other means (the endpoints API writes the file and
   * reloads itself), so the watcher does not apply them a second time.
   */
  markApplied(text: string): void;
}

/**
 * Watches a config file for changes, as MLflow's gateway does: the file's directory is watched (so
 * editors that save by rename are seen), events are debounced, a byte-identical file is ignored, a
 * deleted or invalid file is logged and the current config keeps serving. `onChange` gets each new
 * valid config (with the text it was read from); its failures are logged.
 */
export function watchGatewayConfig(
  path: string,
  onChange: (config: GatewayConfig, text: string) => void | Promise<void>,
  options: WatchGatewayConfigOptions = {},
): ConfigWatcher {
  const absolutePath = resolve(path);
  const fileName = basename(absolutePath);
  const logger = options.logger ?? consoleGatewayLogger;
  const debounceMs = options.debounceMs ?? 200;
  let lastAccepted: string | undefined;
  try {
    lastAccepted = readFileSync(absolutePath, 'utf8');
  } catch {
    lastAccepted = undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  const check = async (): Promise<void> => {
    let text: string;
    try {
      text = await readFile(absolutePath, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT')
        logger.warn(`${absolutePath} deleted; the current config keeps serving`);
      else logger.warn(`${absolutePath} cannot be read; the current config keeps serving`);
      return;
    }
    if (closed || text === lastAccepted) return;
    let config: GatewayConfig;
    try {
      config = parseGatewayConfig(text, options, `in ${absolutePath}`);
    } catch (error) {
      const message = GatewayConfigError.isGatewayConfigError(error) ? error.message : String(error);
      logger.error(`${message}\nThe current config keeps serving.`);
      return;
    }
    lastAccepted = text;
    try {
      await onChange(config, text);
    } catch (error) {
      logger.error('applying the new gateway config failed; the current config keeps serving', error);
    }
  };

  const watcher: FSWatcher = watch(dirname(absolutePath), { persistent: false }, (_event, changed) => {
    if (closed || (changed !== null && changed !== fileName)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(check);
    }, debounceMs);
  });
  watcher.on('error', (error) => logger.error(`watching ${absolutePath} failed`, error));

  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
    markApplied(text) {
      lastAccepted = text;
    },
  };
}
