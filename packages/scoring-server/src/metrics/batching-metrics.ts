import { Gauge, Histogram, type Registry } from 'prom-client';

/** Requests per batch: powers of two up to well past the largest sensible batch. */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/** Queue waits in seconds: from "sent at the next tick" to a long queue behind a slow model. */
const QUEUE_WAIT_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/**
 * The adaptive batcher's Prometheus metrics, registered only when the app batches:
 * - `millrace_scoring_batch_size`: requests per batch sent to the model;
 * - `millrace_scoring_batch_queue_wait_seconds`: how long each request waited before its batch was sent;
 * - `millrace_scoring_batch_queue_length`: requests waiting now.
 */
export interface BatchingMetrics {
  batchSent(size: number): void;
  queueWait(seconds: number): void;
  queueLength(length: number): void;
}

export function createBatchingMetrics(registry: Registry): BatchingMetrics {
  const batchSize = new Histogram({
    name: 'millrace_scoring_batch_size',
    help: 'Requests per batch sent to the model by the adaptive batcher.',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [registry],
  });
  const queueWait = new Histogram({
    name: 'millrace_scoring_batch_queue_wait_seconds',
    help: 'Time a request waited in the batch queue before its batch was sent to the model.',
    buckets: QUEUE_WAIT_BUCKETS,
    registers: [registry],
  });
  const queueLength = new Gauge({
    name: 'millrace_scoring_batch_queue_length',
    help: 'Requests waiting in the batch queue.',
    registers: [registry],
  });
  queueLength.set(0);
  return {
    batchSent: (size) => batchSize.observe(size),
    queueWait: (seconds) => queueWait.observe(seconds),
    queueLength: (length) => queueLength.set(length),
  };
}
