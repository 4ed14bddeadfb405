import { Readable } from 'node:stream';
import type { ErrorBody } from '@millrace/core';
import type { PredictionCancellation } from '../prediction/prediction-cancellation.js';
import type { PredictionDeadline } from '../prediction/prediction-deadline.js';
import { SSE_DONE_EVENT, sseDataEvent, sseErrorEvent } from './sse-events.js';

export interface StreamPredictionOptions {
  chunks: AsyncIterable<unknown>;
  deadline: PredictionDeadline;
  cancellation: PredictionCancellation;
  /** Turns an error raised after the stream began into the error event's body. */
  describeError: (error: unknown) => ErrorBody;
  /** True once the client has gone away: nothing more is written then. */
  isClientGone: () => boolean;
}

async function* sseEvents(
  iterator: AsyncIterator<unknown>,
  first: IteratorResult<unknown>,
  options: StreamPredictionOptions,
): AsyncGenerator<string> {
  let result = first;
  try {
    while (result.done !== true) {
      yield sseDataEvent(result.value);
      result = await options.deadline.wait(iterator.next(), options.cancellation);
    }
    yield SSE_DONE_EVENT;
  } catch (error) {
    // A client that went away gets nothing more; anyone else learns why the stream stopped.
    if (!options.isClientGone()) yield sseErrorEvent(options.describeError(error));
  } finally {
    if (result.done !== true) {
      // Stopped early (error, timeout or client gone): tell the model to stop too.
      options.cancellation.cancel(new Error('The stream ended before the model finished.'));
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
    }
  }
}

/**
 * Starts a streamed prediction. The wait for the first chunk happens here, so a model that fails
 * (or times out) before producing anything gets an ordinary JSON error answer. After that the
 * chunks are Server-Sent Events: `data: <json>` per chunk, then `data: [DONE]`; an error or a
 * timeout between chunks ends the stream with an `event: error` carrying the MLflow error JSON.
 * The timeout applies to each wait for a chunk (time to first chunk, then every gap), not to the
 * whole stream, so long generations are not cut while they make progress.
 */
export async function startStreamPrediction(options: StreamPredictionOptions): Promise<Readable> {
  const iterator = options.chunks[Symbol.asyncIterator]();
  const first = await options.deadline.wait(iterator.next(), options.cancellation);
  return Readable.from(sseEvents(iterator, first, options), { objectMode: false });
}
