import { MillraceError } from '@millrace/core';
import type { BatchPredictRequest, PredictOptions } from '@millrace/models';
import { PredictionCancellation } from './prediction-cancellation.js';

/** When a batch goes to the model, and how many may run at once. */
export interface BatchingSettings {
  /** A batch is sent as soon as it holds this many requests. */
  maxBatchSize: number;
  /** ... or once its oldest request has waited this long (0: at the next turn of the event loop). */
  maxDelayMs: number;
  /** Batches running in the model at the same time; more wait in the queue. */
  maxConcurrentBatches: number;
}

export interface AdaptiveBatcherOptions extends BatchingSettings {
  /** `LoadedModel.predictBatch`: one settled result per request, in order. */
  predictBatch(
    requests: readonly BatchPredictRequest[],
    options: PredictOptions,
  ): Promise<PromiseSettledResult<unknown>[]>;
  /** Told about every batch sent: its number of requests. */
  onBatchSent?(size: number): void;
  /** Told, for every request sent, how long it waited in the queue (seconds). */
  onQueueWait?(seconds: number): void;
  /** Told whenever the number of queued (not yet sent) requests changes. */
  onQueueLengthChange?(length: number): void;
}

/**
 * Collects concurrent predictions of one model into batches (adaptive batching, as MLServer,
 * BentoML or Ray Serve do it): a request waits in the queue until a batch is sent, which happens
 * when the queue holds `maxBatchSize` requests or its oldest request has waited `maxDelayMs`,
 * provided fewer than `maxConcurrentBatches` batches are running. While the model is busy the
 * queue grows, so batches get bigger exactly when load is high; an idle server adds at most
 * `maxDelayMs` to a lone request.
 */
export interface AdaptiveBatcher {
  /** Requests waiting to be sent. */
  readonly queueLength: number;
  /**
   * Queues one prediction and settles with its own result. When `cancellation` is cancelled
   * (timeout, client gone) before the request was sent, it leaves the queue and the promise
   * rejects with the reason; once sent, it stays in its batch (whose signal aborts when every
   * request of the batch has been cancelled).
   */
  submit(input: unknown, params: unknown, cancellation: PredictionCancellation): Promise<unknown>;
}

interface RunningBatch {
  /** Requests of the batch not cancelled yet. */
  live: number;
  readonly cancellation: PredictionCancellation;
}

interface QueuedRequest {
  readonly input: unknown;
  readonly params: unknown;
  readonly enqueuedAt: number;
  batch: RunningBatch | undefined;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

interface Wakeup {
  cancel(): void;
}

function wakeUpAfter(milliseconds: number, callback: () => void): Wakeup {
  if (milliseconds <= 0) {
    const immediate = setImmediate(callback);
    return { cancel: () => clearImmediate(immediate) };
  }
  const timeout = setTimeout(callback, milliseconds);
  return { cancel: () => clearTimeout(timeout) };
}

/** Calls model code, turning a synchronous throw into a rejected promise. */
async function callModel<T>(call: () => Promise<T>): Promise<T> {
  return await call();
}

function missingResult(): MillraceError {
  return new MillraceError('INTERNAL_ERROR', 'The batch prediction gave no result for this request.');
}

export function createAdaptiveBatcher(options: AdaptiveBatcherOptions): AdaptiveBatcher {
  const { maxBatchSize, maxDelayMs, maxConcurrentBatches } = options;
  const queue: QueuedRequest[] = [];
  let running = 0;
  let wakeup: Wakeup | undefined;

  const queueChanged = () => options.onQueueLengthChange?.(queue.length);
  const isDue = (request: QueuedRequest) => performance.now() - request.enqueuedAt >= maxDelayMs;

  const settle = (batch: QueuedRequest[], results: PromiseSettledResult<unknown>[]) => {
    batch.forEach((request, index) => {
      const result = results[index];
      if (result === undefined) request.reject(missingResult());
      else if (result.status === 'fulfilled') request.resolve(result.value);
      else request.reject(result.reason);
    });
  };

  const send = (batch: QueuedRequest[]) => {
    running++;
    const started = performance.now();
    const runningBatch: RunningBatch = { live: batch.length, cancellation: new PredictionCancellation() };
    for (const request of batch) {
      request.batch = runningBatch;
      options.onQueueWait?.((started - request.enqueuedAt) / 1000);
    }
    options.onBatchSent?.(batch.length);
    const requests = batch.map((request) => ({ input: request.input, params: request.params }));
    void callModel(() => options.predictBatch(requests, runningBatch.cancellation))
      .then(
        (results) => settle(batch, results),
        (error: unknown) => batch.forEach((request) => request.reject(error)),
      )
      .finally(() => {
        running--;
        // Not at once: model code that blocks the event loop (onnxruntime-node runs a session on
        // this thread) would start the next batch before this batch's answers are written, and
        // before the requests that arrived meanwhile are read. By setImmediate the answers are
        // out and the poll phase has had a turn.
        setImmediate(() => dispatch(false));
      });
  };

  /** Sends what may go now (`force`: the oldest request's delay is over by the clock of the timer). */
  const dispatch = (force: boolean) => {
    let oldestReady = force;
    while (running < maxConcurrentBatches && queue.length > 0) {
      const oldest = queue[0] as QueuedRequest;
      if (!(oldestReady || queue.length >= maxBatchSize || isDue(oldest))) break;
      send(queue.splice(0, maxBatchSize));
      queueChanged();
      oldestReady = false;
    }
    armWakeup();
  };

  /** Makes sure the oldest queued request is sent once its delay is over, if the model is free then. */
  function armWakeup(): void {
    if (queue.length === 0) {
      wakeup?.cancel();
      wakeup = undefined;
      return;
    }
    // A full model dispatches again when a batch finishes.
    if (wakeup !== undefined || running >= maxConcurrentBatches) return;
    const oldest = queue[0] as QueuedRequest;
    const remaining = oldest.enqueuedAt + maxDelayMs - performance.now();
    wakeup = wakeUpAfter(maxDelayMs <= 0 ? 0 : Math.max(remaining, 0), () => {
      wakeup = undefined;
      dispatch(true);
    });
  }

  const leaveQueue = (request: QueuedRequest, reason: unknown) => {
    if (request.batch !== undefined) {
      request.batch.live--;
      if (request.batch.live === 0) request.batch.cancellation.cancel(reason);
      return;
    }
    const position = queue.indexOf(request);
    if (position === -1) return;
    queue.splice(position, 1);
    queueChanged();
    request.reject(reason);
    armWakeup();
  };

  return {
    get queueLength() {
      return queue.length;
    },

    submit(input, params, cancellation) {
      return new Promise((resolve, reject) => {
        const request: QueuedRequest = {
          input,
          params,
          enqueuedAt: performance.now(),
          batch: undefined,
          resolve,
          reject,
        };
        queue.push(request);
        queueChanged();
        cancellation.addCancelListener((reason) => leaveQueue(request, reason));
        if (queue.length >= maxBatchSize) dispatch(false);
        else armWakeup();
      });
    },
  };
}
