import { getTrackingUri } from '../config/tracking-uri.js';
import { MlflowClient } from '../tracking/mlflow-client.js';
import { registerExitTask } from './exit-hook.js';
import { MetricBatcher } from './metric-batcher.js';

/** The client and metric batcher the fluent API uses for one tracking URI. */
export interface FluentSession {
  trackingUri: string;
  client: MlflowClient;
  batcher: MetricBatcher;
}

let current: FluentSession | undefined;
const batchers = new Set<MetricBatcher>();

/** Batching settings for sessions created from now on (see MetricBatcher). */
export interface MetricBatchingOptions {
  maxBatchSize?: number;
  flushIntervalMs?: number;
  maxBufferedMetrics?: number;
}

let batchingOptions: MetricBatchingOptions = {};

/** Changes how the fluent API batches metrics (applies to the next session: after `setTrackingUri`). */
export function configureMetricBatching(options: MetricBatchingOptions): void {
  batchingOptions = { ...options };
  current = undefined;
}

registerExitTask(async () => {
  const failures: unknown[] = [];
  for (const batcher of batchers) {
    if (batcher.pending === 0 && !batcher.hasUnreportedErrors) continue;
    try {
      await batcher.flush();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} metric flushes failed.`);
});

/**
 * The fluent API's session for the tracking URI in effect (`setTrackingUri`, else
 * MLFLOW_TRACKING_URI); a new one when that URI changed. Earlier sessions keep flushing their
 * metrics in the background and before exit.
 */
export function fluentSession(): FluentSession {
  const trackingUri = getTrackingUri();
  if (current !== undefined && current.trackingUri === trackingUri) return current;
  const client = new MlflowClient({ trackingUri });
  const batcher = new MetricBatcher({
    ...batchingOptions,
    send: (runId, metrics) => client.logBatch(runId, { metrics }),
  });
  batchers.add(batcher);
  current = { trackingUri, client, batcher };
  return current;
}

/** The low-level client the fluent API uses (MLflow's `MlflowClient()` with the current tracking URI). */
export function getFluentClient(): MlflowClient {
  return fluentSession().client;
}

/** Sends every metric queued by `logMetric`, and throws what failed to log since the last flush. */
export async function flushMetrics(): Promise<void> {
  const failures: unknown[] = [];
  for (const batcher of batchers) {
    try {
      await batcher.flush();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} metric flushes failed.`);
}
