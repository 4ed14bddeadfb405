import { validateMetricInput, type MetricInput } from '../entities/metric.js';
import { LOG_BATCH_LIMITS } from '../tracking/log-batch-chunks.js';

/** Sends the metrics of one run (already validated, timestamps and steps filled in). */
export type SendMetrics = (runId: string, metrics: MetricInput[]) => Promise<void>;

export interface MetricBatcherOptions {
  send: SendMetrics;
  /** A flush starts once this many metrics wait. Default 1000, MLflow's log-batch limit. */
  maxBatchSize?: number;
  /** A flush starts this long after the first metric waits. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Above this many waiting metrics, `add` waits for the running flush (memory stays bounded). Default 10 000. */
  maxBufferedMetrics?: number;
}

interface QueuedMetric {
  runId: string;
  metric: MetricInput;
}

/**
 * Queues metric values and sends them with log-batch in the background: when `maxBatchSize`
 * are waiting, `flushIntervalMs` after the first one, and on `flush()`. Flushes run one after the
 * other, in logging order. A failed background flush is kept and thrown by the next `flush()`,
 * so errors are never lost.
 */
export class MetricBatcher {
  readonly #send: SendMetrics;
  readonly #maxBatchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxBufferedMetrics: number;
  #queue: QueuedMetric[] = [];
  #running: Promise<void> = Promise.resolve();
  #runningCount = 0;
  #timer: NodeJS.Timeout | undefined;
  #errors: unknown[] = [];
  /** Metrics handed to `send` so far, and the number of `send` calls (for diagnostics and tests). */
  sentMetrics = 0;
  sendCalls = 0;

  constructor(options: MetricBatcherOptions) {
    this.#send = options.send;
    this.#maxBatchSize = Math.min(options.maxBatchSize ?? LOG_BATCH_LIMITS.metrics, LOG_BATCH_LIMITS.metrics);
    this.#flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.#maxBufferedMetrics = Math.max(options.maxBufferedMetrics ?? 10_000, this.#maxBatchSize);
  }

  /** Metrics waiting or being sent. */
  get pending(): number {
    return this.#queue.length + this.#runningCount;
  }

  /** Whether a background flush failed and no `flush()` has reported it yet. */
  get hasUnreportedErrors(): boolean {
    return this.#errors.length > 0;
  }

  /**
   * Queues one value; its timestamp is taken now when not given. Resolves at once, unless too
   * many values wait, then once the running flush is done.
   */
  async add(runId: string, metric: MetricInput): Promise<void> {
    validateMetricInput(metric);
    this.#queue.push({
      runId,
      metric: { ...metric, timestamp: metric.timestamp ?? Date.now(), step: metric.step ?? 0 },
    });
    if (this.#queue.length >= this.#maxBatchSize) {
      this.#startFlush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#startFlush();
      }, this.#flushIntervalMs);
      this.#timer.unref();
    }
    if (this.#runningCount >= this.#maxBufferedMetrics) await this.#running;
  }

  /**
   * Sends everything queued and waits for every flush; then throws what failed since the last
   * `flush()` (an AggregateError when several flushes failed), and forgets it.
   */
  async flush(): Promise<void> {
    this.#startFlush();
    await this.#running;
    const errors = this.#errors;
    this.#errors = [];
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} metric batches failed to log.`);
  }

  #startFlush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#queue.length === 0) return;
    const taken = this.#queue;
    this.#queue = [];
    this.#runningCount += taken.length;
    this.#running = this.#running.then(async () => {
      try {
        await this.#sendInOrder(taken);
      } catch (error) {
        this.#errors.push(error);
      } finally {
        this.#runningCount -= taken.length;
      }
    });
  }

  async #sendInOrder(taken: QueuedMetric[]): Promise<void> {
    // Consecutive values of the same run go together, at most maxBatchSize per request.
    let start = 0;
    while (start < taken.length) {
      const runId = (taken[start] as QueuedMetric).runId;
      let end = start;
      while (
        end < taken.length &&
        end - start < this.#maxBatchSize &&
        (taken[end] as QueuedMetric).runId === runId
      ) {
        end += 1;
      }
      const metrics = taken.slice(start, end).map((queued) => queued.metric);
      this.sendCalls += 1;
      await this.#send(runId, metrics);
      this.sentMetrics += metrics.length;
      start = end;
    }
  }
}
