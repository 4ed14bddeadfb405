import { MillraceError } from '@millrace/core';
import type { PredictionCancellation } from './prediction-cancellation.js';

export interface PredictionDeadlineOptions {
  timeoutSeconds: number;
  /** While more abandoned predictions than this are still running, new ones are refused. */
  maxAbandonedPredictions: number;
  /** Called when a wait times out. */
  onTimeout?: () => void;
  /** Called whenever the number of abandoned predictions changes. */
  onAbandonedCountChange?: (count: number) => void;
}

/**
 * Bounds how long the server waits for model code, and how much abandoned model work may pile up.
 *
 * Model code runs in this process and cannot be killed: after a timeout (or when the client goes
 * away) the server stops waiting and aborts the prediction's `signal`, but a model that ignores the
 * signal keeps running. Such abandoned predictions are counted until they settle; while more than
 * `maxAbandonedPredictions` of them are still running, `assertCapacity` refuses new work with 503
 * TEMPORARILY_UNAVAILABLE, so a stuck model cannot make the process pile up unbounded work.
 * (A model that blocks the event loop synchronously cannot be timed out at all.)
 */
export interface PredictionDeadline {
  readonly abandonedCount: number;
  /** Throws 503 TEMPORARILY_UNAVAILABLE while too many abandoned predictions are still running. */
  assertCapacity(): void;
  /**
   * Waits for `work` until it settles, the timeout passes (→ 504 DEADLINE_EXCEEDED and the
   * cancellation is cancelled) or the cancellation is cancelled by someone else, e.g. because the
   * client went away (→ its reason). In the last two cases `work` counts as abandoned until it
   * settles.
   */
  wait<T>(work: Promise<T>, cancellation: PredictionCancellation): Promise<T>;
}

export function createPredictionDeadline(options: PredictionDeadlineOptions): PredictionDeadline {
  const timeoutMilliseconds = options.timeoutSeconds * 1000;
  let abandonedCount = 0;

  const settleAbandoned = () => {
    abandonedCount--;
    options.onAbandonedCountChange?.(abandonedCount);
  };
  const abandon = (work: Promise<unknown>) => {
    abandonedCount++;
    options.onAbandonedCountChange?.(abandonedCount);
    work.then(settleAbandoned, settleAbandoned);
  };

  return {
    get abandonedCount() {
      return abandonedCount;
    },

    assertCapacity() {
      if (abandonedCount > options.maxAbandonedPredictions) {
        throw new MillraceError(
          'TEMPORARILY_UNAVAILABLE',
          `The server is busy: ${abandonedCount} predictions that timed out or lost their client are ` +
            `still running. Try again later.`,
        );
      }
    },

    wait<T>(work: Promise<T>, cancellation: PredictionCancellation): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => {
          options.onTimeout?.();
          cancellation.cancel(
            new MillraceError(
              'DEADLINE_EXCEEDED',
              `Request processing time exceeded limit: the model did not answer within ` +
                `${options.timeoutSeconds} seconds.`,
            ),
          );
        }, timeoutMilliseconds);
        cancellation.onCancel((reason) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          abandon(work);
          reject(reason);
        });
        work.then(
          (value) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            cancellation.onCancel(undefined);
            resolve(value);
          },
          (error: unknown) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            cancellation.onCancel(undefined);
            reject(error);
          },
        );
      });
    },
  };
}
