import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from './config/gateway-config.js';
import { loadGatewayConfig } from './config/load-gateway-config.js';
import type { GatewayConfigOptions } from './config/validate-gateway-config.js';
import { ConfigFileEditor } from './config/config-file-editor.js';
import { createSerialQueue } from './config/serial-queue.js';
import { type ConfigWatcher, watchGatewayConfig } from './config/watch-gateway-config.js';
import { type GatewayLogger, consoleGatewayLogger } from './gateway-logger.js';
import { createAdminAuthorization } from './http/admin-authorization.js';
import { GatewayHttpError } from './http/gateway-http-error.js';
import { sendJson } from './http/send-json.js';
import { createGatewayMetrics } from './metrics/gateway-metrics.js';
import { createEndpointRateLimiter } from './rate-limit/endpoint-rate-limiter.js';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import { registerEndpointAdminRoutes } from './routes/endpoint-admin-routes.js';
import { registerEndpointsApiRoutes } from './routes/endpoints-api-routes.js';
import type { GatewayContext } from './routes/gateway-context.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerInvocationRoutes } from './routes/invocation-routes.js';
import { sendErrorReply } from './routes/invoke-target.js';
import { registerMetricsRoute } from './routes/metrics-route.js';
import { registerOpenAIRoutes } from './routes/openai-routes.js';
import { GatewayRuntime } from './runtime/gateway-runtime.js';
import { type UpstreamPoolOptions, UpstreamDispatchers } from './upstream/upstream-dispatchers.js';

/** MLflow's upstream timeout (aiohttp total timeout), the default for endpoints without `timeout_seconds`. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
/** Request bodies above this get 413 (MLflow's uvicorn has no limit; images in chat requests can be large). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface GatewayAppOptions {
  /** A config from `loadGatewayConfig` / `parseGatewayConfig`. Either this or `configPath`. */
  config?: GatewayConfig;
  /** A YAML config file; needed for `reload()` without argument and for `watch`. */
  configPath?: string;
  /** Watch `configPath` and apply valid changes (hot reload). Default false. */
  watch?: boolean;
  /** Providers, secret environment, … for loading `configPath`. */
  configOptions?: GatewayConfigOptions;
  /** Rate-limit counters. Default: in memory (closed with the app; a given store is not). */
  rateLimitStore?: RateLimitStore;
  /** Prometheus registry for the metrics. Default: a new one of this app's own. */
  metricsRegistry?: Registry;
  logger?: GatewayLogger;
  /** Upstream timeout for endpoints without `timeout_seconds`. Default 300 s. */
  defaultTimeoutSeconds?: number;
  /** Default 32 MiB. */
  maxBodyBytes?: number;
  upstream?: UpstreamPoolOptions;
  /**
   * Enables the endpoints API (create, replace, patch, delete endpoints; changes are written to
   * `configPath`, which is then required): requests must carry `Authorization: Bearer <adminToken>`.
   * Without it those routes answer 403.
   */
  adminToken?: string;
}

export interface GatewayApp {
  /** The fastify instance, not listening yet. Closing it closes pools, watcher and owned stores. */
  app: FastifyInstance;
  /** The config new requests are served with. */
  readonly config: GatewayConfig;
  readonly metricsRegistry: Registry;
  /**
   * Swaps in a new config (the given one, or `configPath` re-read). Requests already running finish
   * on the config they started with. An invalid file throws a GatewayConfigError and changes nothing.
   */
  reload(config?: GatewayConfig): Promise<GatewayConfig>;
}

function surfaceOf(url: string): 'openai' | 'mlflow' {
  return url.startsWith('/v1/') ? 'openai' : 'mlflow';
}

/**
 * The gateway (MLflow deployments server compatible) as a fastify app: health, MLflow's endpoint
 * API and invocation routes, OpenAI-compatible `/v1/*` routes, `/metrics`; with hot reload.
 */
export async function createGatewayApp(options: GatewayAppOptions): Promise<GatewayApp> {
  const { configPath } = options;
  if (options.config === undefined && configPath === undefined) {
    throw new TypeError('createGatewayApp needs a config or a configPath.');
  }
  if (options.adminToken !== undefined && configPath === undefined) {
    throw new TypeError(
      'adminToken needs a configPath: the endpoints API writes its changes to the config file.',
    );
  }
  if (options.adminToken !== undefined && options.adminToken.length < 16) {
    throw new TypeError('adminToken must be at least 16 characters long.');
  }
  const logger = options.logger ?? consoleGatewayLogger;
  const initialConfig = options.config ?? (await loadGatewayConfig(configPath!, options.configOptions));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const metrics = createGatewayMetrics(options.metricsRegistry);
  const dispatchers = new UpstreamDispatchers(options.upstream);
  const ownsStore = options.rateLimitStore === undefined;
  const store = options.rateLimitStore ?? createMemoryRateLimitStore();
  const runtimeDependencies = {
    dispatchers,
    metrics,
    defaultTimeoutSeconds: options.defaultTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  };
  let runtime = new GatewayRuntime(initialConfig, runtimeDependencies);

  const context: GatewayContext = {
    current: () => runtime,
    rateLimiter: createEndpointRateLimiter(store, logger),
    metrics,
    logger,
  };

  const app = Fastify({ logger: false, bodyLimit: maxBodyBytes });
  app.removeAllContentTypeParsers();
  const keepBodyText = (
    _request: unknown,
    body: string | Buffer,
    done: (error: null, body: unknown) => void,
  ) => done(null, body);
  app.addContentTypeParser('*', { parseAs: 'string' }, keepBodyText);
  // The same parser under the common exact type: fastify caches the lookup of an exact type, while
  // the catch-all re-parses the content-type header on every request.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, keepBodyText);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    const detail =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `The request body is larger than the limit of ${maxBodyBytes} bytes.`
        : status < 500
          ? error.message
          : 'Internal Server Error';
    const httpError = new GatewayHttpError(status, status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR', detail, {
      cause: error,
    });
    if (status >= 500) logger.error('unexpected error', error);
    metrics.unboundRequest(sendErrorReply(reply, httpError, surfaceOf(request.url), 0, context));
  });
  app.setNotFoundHandler((_request, reply) => {
    metrics.unboundRequest(404);
    return sendJson(reply, 404, { detail: 'Not Found' }, performance.now());
  });

  registerHealthRoutes(app);
  registerEndpointsApiRoutes(app, context);
  registerInvocationRoutes(app, context);
  registerOpenAIRoutes(app, context);
  registerMetricsRoute(app, metrics.registry);

  const applyConfig = async (config?: GatewayConfig): Promise<GatewayConfig> => {
    let next: GatewayConfig;
    try {
      if (config !== undefined) next = config;
      else if (configPath !== undefined) next = await loadGatewayConfig(configPath, options.configOptions);
      else throw new TypeError('reload() without a config needs the app to have a configPath.');
      const nextRuntime = new GatewayRuntime(next, runtimeDependencies);
      const previous = runtime;
      runtime = nextRuntime;
      previous.retire();
    } catch (error) {
      metrics.configReload('rejected');
      throw error;
    }
    metrics.configReload('applied');
    return next;
  };

  // The endpoints API and the file watcher both change the served config: one at a time, and a
  // watcher reload whose text is no longer the file's (the API rewrote it meanwhile) is skipped.
  const changes = createSerialQueue();
  let watcher: ConfigWatcher | undefined;
  if (options.watch === true) {
    if (configPath === undefined) throw new TypeError('watch needs a configPath.');
    const watchedPath = configPath;
    watcher = watchGatewayConfig(
      watchedPath,
      (config, text) =>
        changes.run(async () => {
          const current = await readFile(watchedPath, 'utf8').catch(() => undefined);
          if (current !== text) return;
          await applyConfig(config);
          logger.info(`configuration reloaded from ${watchedPath} (${config.endpoints.length} endpoints)`);
        }),
      { ...options.configOptions, logger },
    );
  }

  registerEndpointAdminRoutes(app, context, {
    authorization: createAdminAuthorization(options.adminToken),
    editor: configPath === undefined ? undefined : new ConfigFileEditor(configPath, options.configOptions),
    queue: changes,
    apply: async (config, text) => {
      await applyConfig(config);
      watcher?.markApplied(text);
    },
  });

  app.addHook('onClose', async () => {
    watcher?.close();
    runtime.retire();
    await dispatchers.closeAll();
    if (ownsStore) await store.close();
  });

  return {
    app,
    get config() {
      return runtime.config;
    },
    metricsRegistry: metrics.registry,
    reload: (config) => changes.run(() => applyConfig(config)),
  };
}
