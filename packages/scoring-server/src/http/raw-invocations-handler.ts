import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { readLimitedRequestBody } from '@millrace/core';
import type { InvocationService } from '../invocations/invocation-service.js';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import { PredictionCancellation } from '../prediction/prediction-cancellation.js';
import type { ErrorResponse } from '../response/error-response.js';
import { clientGone } from '../routes/invocations-route.js';

export interface RawInvocationsHandlerOptions {
  service: InvocationService;
  maxBodyBytes: number;
  toErrorResponse: (error: unknown, contentTypeHeader?: string) => ErrorResponse;
  metrics: ScoringMetrics | undefined;
}

/** The route label of `/invocations` in the metrics (fastify's route URL, as on every other route). */
const INVOCATIONS_ROUTE = '/invocations';

/** True for `POST /invocations`, `/invocations/`, with or without a query string. */
export function isInvocationsRequest(request: IncomingMessage): boolean {
  if (request.method !== 'POST') return false;
  const url = request.url ?? '';
  if (!url.startsWith(INVOCATIONS_ROUTE)) return false;
  const rest = url.length === INVOCATIONS_ROUTE.length ? '' : url.slice(INVOCATIONS_ROUTE.length);
  return rest === '' || rest === '/' || rest.startsWith('?') || rest.startsWith('/?');
}

/**
 * `POST /invocations` on node:http directly, ahead of fastify's router: the scoring server's hot
 * path, where fastify's request/reply objects, hooks and promise chain cost as much as the
 * prediction of a small model (bench/scoring-server.mjs). The request is answered by the same
 * invocation service as the fastify route, with the same body limit, error JSON and metrics; a
 * body over the limit gets 413 and the connection is closed rather than read to its end.
 */
export function createRawInvocationsHandler(
  options: RawInvocationsHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { service, maxBodyBytes, toErrorResponse, metrics } = options;

  return function handleInvocations(request, response) {
    const started = metrics === undefined ? 0 : performance.now();
    metrics?.requestStarted();
    let recorded = false;
    const record = (status: number) => {
      if (recorded || metrics === undefined) return;
      recorded = true;
      metrics.requestFinished(INVOCATIONS_ROUTE, status, (performance.now() - started) / 1000);
    };

    const cancellation = new PredictionCancellation();
    let gone = false;
    response.once('close', () => {
      if (response.writableFinished) return;
      gone = true;
      cancellation.cancel(clientGone());
      record(499);
    });

    const sendJson = (status: number, body: string, closeConnection = false) => {
      if (gone || response.headersSent) return;
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (closeConnection) headers.connection = 'close';
      response.writeHead(status, headers);
      response.end(body);
      record(status);
    };
    const sendError = (error: unknown, closeConnection = false) => {
      const answer = toErrorResponse(error, request.headers['content-type']);
      sendJson(answer.status, JSON.stringify(answer.body), closeConnection);
    };
    const sendEvents = (events: Readable) => {
      if (gone) {
        events.destroy();
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      });
      // The events end with [DONE] or an error event; a client gone mid-stream destroys both.
      pipeline(events, response, () => record(response.writableFinished ? 200 : 499));
    };

    readLimitedRequestBody(request, maxBodyBytes, {
      onTooLarge: (error) => sendError(error, true),
      onBody: (body) => {
        if (gone) return;
        service
          .invoke({
            contentType: request.headers['content-type'],
            accept: request.headers.accept,
            body,
            cancellation,
            isClientGone: () => gone,
          })
          .then(
            (answer) => (answer.kind === 'json' ? sendJson(200, answer.body) : sendEvents(answer.events)),
            (error: unknown) => sendError(error),
          );
      },
    });
  };
}
