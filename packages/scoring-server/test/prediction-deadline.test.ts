import { MillraceError } from '@millrace/core';
import { describe, expect, it } from 'vitest';
import { PredictionCancellation } from '../src/prediction/prediction-cancellation.js';
import { createPredictionDeadline } from '../src/prediction/prediction-deadline.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

async function rejection(promise: Promise<unknown>): Promise<MillraceError> {
  try {
    await promise;
  } catch (error) {
    if (MillraceError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('PredictionCancellation', () => {
  it('creates its signal lazily and aborts it, before or after creation', () => {
    const early = new PredictionCancellation();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.cancel('reason');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('reason');

    const late = new PredictionCancellation();
    late.cancel('later');
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe('later');
  });
});

describe('createPredictionDeadline', () => {
  it('passes results and errors through when the work settles in time', async () => {
    const deadline = createPredictionDeadline({ timeoutSeconds: 5, maxAbandonedPredictions: 1 });
    await expect(deadline.wait(Promise.resolve(42), new PredictionCancellation())).resolves.toBe(42);
    await expect(
      deadline.wait(Promise.reject(new Error('boom')), new PredictionCancellation()),
    ).rejects.toThrow('boom');
    expect(deadline.abandonedCount).toBe(0);
  });

  it('times out with DEADLINE_EXCEEDED, aborts the signal and counts the work as abandoned until it settles', async () => {
    const changes: number[] = [];
    let timeouts = 0;
    const deadline = createPredictionDeadline({
      timeoutSeconds: 0.05,
      maxAbandonedPredictions: 0,
      onTimeout: () => timeouts++,
      onAbandonedCountChange: (count) => changes.push(count),
    });
    const work = deferred<number>();
    const cancellation = new PredictionCancellation();
    const signal = cancellation.signal;
    const error = await rejection(deadline.wait(work.promise, cancellation));
    expect(error.errorCode).toBe('DEADLINE_EXCEEDED');
    expect(error.httpStatus).toBe(504);
    expect(signal.aborted).toBe(true);
    expect(timeouts).toBe(1);
    expect(deadline.abandonedCount).toBe(1);
    const refusal = (() => {
      try {
        deadline.assertCapacity();
      } catch (thrown) {
        return thrown as MillraceError;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal.errorCode).toBe('TEMPORARILY_UNAVAILABLE');
    expect(refusal.httpStatus).toBe(503);
    expect(refusal.message).toMatch(/^The server is busy: 1 predictions/);
    work.resolve(1);
    await work.promise;
    await Promise.resolve();
    expect(deadline.abandonedCount).toBe(0);
    expect(() => deadline.assertCapacity()).not.toThrow();
    expect(changes).toEqual([1, 0]);
  });

  it('stops waiting when cancelled by someone else and counts the work as abandoned', async () => {
    const deadline = createPredictionDeadline({ timeoutSeconds: 5, maxAbandonedPredictions: 1 });
    const work = deferred<number>();
    const cancellation = new PredictionCancellation();
    const waiting = deadline.wait(work.promise, cancellation);
    cancellation.cancel(new MillraceError('CANCELLED', 'client gone'));
    expect((await rejection(waiting)).errorCode).toBe('CANCELLED');
    expect(deadline.abandonedCount).toBe(1);
    // One abandoned prediction is within the bound of 1.
    expect(() => deadline.assertCapacity()).not.toThrow();
    work.reject(new Error('late failure'));
    await work.promise.catch(() => undefined);
    await Promise.resolve();
    expect(deadline.abandonedCount).toBe(0);
  });
});
