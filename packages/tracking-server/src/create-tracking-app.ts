import type { LoggedModelStore, ModelRegistryStore, TraceStore, TrackingStore } from '@millrace/store';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ArtifactServingOptions } from './artifacts/artifact-serving-options.js';
import { registerArtifactServer } from './artifacts/register-artifact-server.js';
import { createRawRpcHandler } from './http/raw-rpc-handler.js';
import {
  consoleTrackingServerLogger,
  createErrorAnswerer,
  sendErrorBody,
  type TrackingServerLogger,
} from './routes/error-response.js';
import { registerFallbackRoutes } from './routes/fallback-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerOtlpTracesRoute } from './routes/otlp-traces-route.js';
import { registerRpcs, rpcUrls } from './rpc/register-rpcs.js';
import type { RpcContext } from './rpc/rpc-definition.js';
import { RouteTable } from './rpc/route-table.js';
import { loggedModelRpcs } from './rpcs/logged-model-rpcs.js';
import { modelVersionRpcs } from './rpcs/model-version-rpcs.js';
import { registeredModelRpcs } from './rpcs/registered-model-rpcs.js';
import { traceRpcs } from './rpcs/trace-rpcs.js';
import { trackingRpcs } from './rpcs/tracking-rpcs.js';

/**
 * The MLflow version `GET /version` reports. The Python client enables its newer paths (OTLP
 * span logging) from 3.4 on; 3.6 is the version whose wire behaviour Millrace's vectors record.
 */
export const MLFLOW_COMPATIBLE_VERSION = '3.6.0';
/** 32 MiB: room for a dataset profile (up to 16 MiB of text) in log-inputs. */
export const DEFAULT_TRACKING_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** What fastify sets on a server it makes itself (it sets nothing on one from `serverFactory`). */
const FASTIFY_KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** With the artifact options of `ArtifactServingOptions` (destination, `serveArtifacts`, direct roots). */
export interface TrackingAppOptions extends ArtifactServingOptions {
  trackingStore: TrackingStore;
  /** The model registry (same database as the tracking store). Without it, registry routes are 404. */
  modelRegistryStore?: ModelRegistryStore;
  /** MLflow 3 logged models (same database). Without it, logged-model routes are 404. */
  loggedModelStore?: LoggedModelStore;
  /** MLflow 3 traces (same database). Without it, trace routes are 404. */
  traceStore?: TraceStore;
  /** What `GET /version` answers. Default MLFLOW_COMPATIBLE_VERSION. */
  version?: string;
  /** Larger request bodies get 413. Default 32 MiB. */
  maxBodyBytes?: number;
  /** A path every route is served under (`mlflow server --static-prefix /mlflow`): starts with `/`, no trailing `/`. */
  staticPrefix?: string;
  /** Server-side failures (never per request on success). Default: the console. */
  logger?: TrackingServerLogger;
}

function checkStaticPrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') return '';
  if (!prefix.startsWith('/') || prefix.endsWith('/')) {
    throw new RangeError(`staticPrefix must start with '/' and must not end with '/', got '${prefix}'.`);
  }
  return prefix;
}

/**
 * The MLflow tracking REST API as a fastify instance that is not listening yet (the CLI listens).
 * Every RPC is served under `/api/<major>.0/mlflow/...` and `/ajax-api/<major>.0/mlflow/...`;
 * `GET /health` and `GET /version` too. Errors are MLflow error JSON; unknown routes are 404
 * ENDPOINT_NOT_FOUND.
 */
export function createTrackingApp(options: TrackingAppOptions): FastifyInstance {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_TRACKING_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}.`);
  }
  const staticPrefix = checkStaticPrefix(options.staticPrefix);
  const logger = options.logger ?? consoleTrackingServerLogger;

  const answerError = createErrorAnswerer({ logger, maxBodyBytes });
  const rpcs = [
    ...trackingRpcs,
    ...(options.modelRegistryStore === undefined ? [] : [...registeredModelRpcs, ...modelVersionRpcs]),
    ...(options.loggedModelStore === undefined ? [] : loggedModelRpcs),
    ...(options.traceStore === undefined ? [] : traceRpcs),
  ];
  const context: RpcContext = {
    trackingStore: options.trackingStore,
    ...(options.modelRegistryStore === undefined ? {} : { modelRegistryStore: options.modelRegistryStore }),
    ...(options.loggedModelStore === undefined ? {} : { loggedModelStore: options.loggedModelStore }),
    ...(options.traceStore === undefined ? {} : { traceStore: options.traceStore }),
  };
  const rawRpcs = createRawRpcHandler({
    routes: rpcs
      .filter((rpc) => !rpc.path.includes('{'))
      .map((rpc) => ({ rpc, urls: rpcUrls(rpc, staticPrefix) })),
    context,
    maxBodyBytes,
    answerError,
  });

  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    // RPCs without path parameters skip fastify's router (ADR 0011); every other request goes
    // through it.
    serverFactory: (fastifyHandler) => {
      const server = createServer((request, response) => {
        const rpc = rawRpcs.match(request);
        if (rpc === undefined) fastifyHandler(request, response);
        else rawRpcs.handle(request, response, rpc);
      });
      server.keepAliveTimeout = FASTIFY_KEEP_ALIVE_TIMEOUT_MS;
      // No limit on receiving a request: artifact uploads may take long.
      server.requestTimeout = 0;
      return server;
    },
  });
  // Bodies reach the routes as text: each RPC applies MLflow's Content-Type rule and lenient JSON
  // decoding itself (fastify's own parsers would answer their own errors).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, _request, reply) => {
    const answer = answerError(error);
    return sendErrorBody(reply, answer.status, answer.body);
  });

  const routes = new RouteTable();
  registerHealthRoutes(app, routes, { version: options.version ?? MLFLOW_COMPATIBLE_VERSION, staticPrefix });
  registerRpcs(app, rpcs, { context, routes, maxBodyBytes, staticPrefix });
  registerArtifactServer(app, options, {
    context: {
      trackingStore: options.trackingStore,
      modelRegistryStore: options.modelRegistryStore,
      loggedModelStore: options.loggedModelStore,
    },
    routes,
    maxBodyBytes,
    staticPrefix,
  });
  registerOtlpTracesRoute(app, routes);
  registerFallbackRoutes(app, routes);
  return app;
}
