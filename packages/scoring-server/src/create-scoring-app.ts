import type { LoadedModel } from '@millrace/models';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createBatchingMetrics } from './metrics/batching-metrics.js';
import { UNMATCHED_ROUTE, createScoringMetrics, type ScoringMetrics } from './metrics/scoring-metrics.js';
import {
  type AdaptiveBatcher,
  type BatchingSettings,
  createAdaptiveBatcher,
} from './prediction/adaptive-batcher.js';
import { createRawInvocationsHandler, isInvocationsRequest } from './http/raw-invocations-handler.js';
import { createInvocationService } from './invocations/invocation-service.js';
import { createPredictionDeadline } from './prediction/prediction-deadline.js';
import { createErrorResponder } from './response/error-response.js';
import { sendError } from './response/send-error.js';
import { registerFallbackRoutes } from './routes/fallback-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerInvocationsRoute } from './routes/invocations-route.js';
import { registerMetadataRoute } from './routes/metadata-route.js';
import { registerMetricsRoute } from './routes/metrics-route.js';
import { RouteTable } from './routes/route-table.js';
import { registerVersionRoute } from './routes/version-route.js';
import { consoleScoringLogger, type ScoringLogger } from './scoring-logger.js';

/** 100 MiB: the request body limit of MLflow's serving container (nginx `client_max_body_size 100m`). */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;
export const DEFAULT_TIMEOUT_SECONDS = 60;
/** Fastify's own default, which it sets only on servers it creates itself. */
const FASTIFY_KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** How many abandoned (timed-out or client-less) predictions may still be running; beyond that, new requests get 503. */
export const DEFAULT_MAX_ABANDONED_PREDICTIONS = 32;
/**
 * Requests per batch when the model can batch. On the CPU, transformers.js gains little past a
 * batch of 8-16 (bench/embeddings.mjs: MiniLM-shaped BERT, 32 clients: 16 and 8 served as many
 * embeddings/s as 32, with a lower p99), so 16.
 */
export const DEFAULT_BATCH_MAX_SIZE = 16;
/**
 * How long the oldest queued request waits for others before its batch goes anyway: a lone
 * request pays at most this; under load, batches fill while the model is busy whatever it is
 * (0, 2 and 10 ms measured alike on embeddings batches of ~100 ms).
 */
export const DEFAULT_BATCH_MAX_DELAY_MS = 2;

/** Adaptive batching of `/invocations` for models that have `predictBatch`. */
export interface ScoringBatchingOptions {
  /** Default true: batch when the model can (has `predictBatch`); false never batches. */
  enabled?: boolean;
  /** A batch is sent as soon as it holds this many requests. Default 16. */
  maxBatchSize?: number;
  /** ... or once its oldest request has waited this long; 0 means the next event-loop turn. Default 2. */
  maxDelayMs?: number;
  /** Batches running in the model at once. Default 1 (the model runs on this process's CPU anyway). */
  maxConcurrentBatches?: number;
}

export interface ScoringAppOptions {
  /** The model to serve. */
  model: LoadedModel;
  /** The Millrace version, answered by `GET /version`. */
  version: string;
  /** How long to wait for a prediction (and, when streaming, for each chunk). Default 60. */
  timeoutSeconds?: number;
  /** Larger request bodies get 413. Default 100 MiB. */
  maxBodyBytes?: number;
  /** While more abandoned predictions than this are still running, new requests get 503. Default 32. */
  maxAbandonedPredictions?: number;
  /** Server-side warnings and errors (never per request on success). Default: the console. */
  logger?: ScoringLogger;
  /**
   * A prom-client Registry to put the metrics in (the CLI may add process metrics to it), or
   * false for no metrics and no `/metrics` route. Default: a new Registry of this app's own.
   */
  metrics?: Registry | false;
  /**
   * Adaptive batching (only for models with `predictBatch`; streams are never batched):
   * concurrent `/invocations` requests go to the model together. Default: on, 16 requests, 2 ms.
   */
  batching?: ScoringBatchingOptions;
}

function positiveNumber(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${value}.`);
  }
  return value;
}

function countAtLeastOne(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of at least 1, got ${value}.`);
  }
  return value;
}

function numberAtLeastZero(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a number of at least 0, got ${value}.`);
  }
  return value;
}

function countAtLeastZero(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number of at least 0, got ${value}.`);
  }
  return value;
}

/** The batching settings, or undefined when this app does not batch. */
function resolveBatching(options: ScoringAppOptions): BatchingSettings | undefined {
  const batching = options.batching ?? {};
  const settings: BatchingSettings = {
    maxBatchSize: countAtLeastOne(batching.maxBatchSize ?? DEFAULT_BATCH_MAX_SIZE, 'batching.maxBatchSize'),
    maxDelayMs: numberAtLeastZero(batching.maxDelayMs ?? DEFAULT_BATCH_MAX_DELAY_MS, 'batching.maxDelayMs'),
    maxConcurrentBatches: countAtLeastOne(
      batching.maxConcurrentBatches ?? 1,
      'batching.maxConcurrentBatches',
    ),
  };
  if (batching.enabled === false || options.model.predictBatch === undefined) return undefined;
  return settings;
}

function createBatcher(
  options: ScoringAppOptions,
  metrics: ScoringMetrics | undefined,
): AdaptiveBatcher | undefined {
  const settings = resolveBatching(options);
  const predictBatch = options.model.predictBatch?.bind(options.model);
  if (settings === undefined || predictBatch === undefined) return undefined;
  const batchingMetrics = metrics === undefined ? undefined : createBatchingMetrics(metrics.registry);
  return createAdaptiveBatcher({
    ...settings,
    predictBatch,
    onBatchSent: batchingMetrics?.batchSent,
    onQueueWait: batchingMetrics?.queueWait,
    onQueueLengthChange: batchingMetrics?.queueLength,
  });
}

function recordRequestMetrics(app: FastifyInstance, metrics: ScoringMetrics): void {
  app.addHook('onRequest', (request, reply, done) => {
    const started = performance.now();
    let recorded = false;
    // Recorded at 'finish' or 'close', whichever comes first (app.inject's responses may emit
    // either first); a response that was never ended means the client went away first (499).
    const record = () => {
      if (recorded) return;
      recorded = true;
      const status = reply.raw.writableEnded ? reply.raw.statusCode : 499;
      metrics.requestFinished(
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        status,
        (performance.now() - started) / 1000,
      );
    };
    metrics.requestStarted();
    reply.raw.once('finish', record);
    reply.raw.once('close', record);
    done();
  });
}

/**
 * The MLflow-compatible scoring server for one loaded model, as a fastify instance that is not
 * listening yet (the CLI listens). Routes: `GET|HEAD /ping`, `/health`, `/version`, `/metadata`,
 * `/metrics`, and `POST /invocations` (trailing slashes and query strings ignored); every error is
 * MLflow error JSON. A model with `predictBatch` gets adaptive batching unless `batching.enabled` is false.
 */
export function createScoringApp(options: ScoringAppOptions): FastifyInstance {
  const timeoutSeconds = positiveNumber(options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, 'timeoutSeconds');
  const maxBodyBytes = Math.floor(
    positiveNumber(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
  );
  const maxAbandonedPredictions = countAtLeastZero(
    options.maxAbandonedPredictions ?? DEFAULT_MAX_ABANDONED_PREDICTIONS,
    'maxAbandonedPredictions',
  );
  const logger = options.logger ?? consoleScoringLogger;
  const metrics = options.metrics === false ? undefined : createScoringMetrics(options.metrics);
  const batcher = createBatcher(options, metrics);

  const toErrorResponse = createErrorResponder({ maxBodyBytes, logger });
  const deadline = createPredictionDeadline({
    timeoutSeconds,
    maxAbandonedPredictions,
    onTimeout: () => metrics?.timeout(),
    onAbandonedCountChange: (count) => metrics?.abandonedPredictions(count),
  });
  const invocations = createInvocationService({ model: options.model, deadline, logger, metrics, batcher });
  const handleInvocations = createRawInvocationsHandler({
    service: invocations,
    maxBodyBytes,
    toErrorResponse,
    metrics,
  });

  const app = Fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true },
    // `POST /invocations` skips fastify's router (the hot path); every other request goes through it.
    serverFactory: (fastifyHandler) => {
      const server = createServer((request, response) => {
        if (isInvocationsRequest(request)) handleInvocations(request, response);
        else fastifyHandler(request, response);
      });
      server.keepAliveTimeout = FASTIFY_KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
  });

  // Every body reaches the route as text; the route negotiates the content type itself so that
  // every refusal is an MLflow error (fastify's own parsers answer their own 415s).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) =>
    sendError(reply, toErrorResponse(error, request.headers['content-type'])),
  );

  if (metrics !== undefined) recordRequestMetrics(app, metrics);

  const routes = new RouteTable();
  registerHealthRoutes(app, routes);
  registerVersionRoute(app, routes, options.version);
  registerMetadataRoute(app, routes, options.model);
  if (metrics !== undefined) registerMetricsRoute(app, routes, metrics);
  registerInvocationsRoute(app, routes, invocations);
  registerFallbackRoutes(app, routes);
  return app;
}
