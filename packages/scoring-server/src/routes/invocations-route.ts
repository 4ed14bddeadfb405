import { MillraceError } from '@millrace/core';
import type { FastifyInstance } from 'fastify';
import type { InvocationService } from '../invocations/invocation-service.js';
import { PredictionCancellation } from '../prediction/prediction-cancellation.js';
import type { RouteTable } from './route-table.js';

/** The error a prediction is cancelled with when its client goes away. */
export function clientGone(): MillraceError {
  return new MillraceError('CANCELLED', 'The client closed the connection before the answer.');
}

/**
 * `POST /invocations` as a fastify route over the invocation service. Requests that reach the
 * listening server take the raw node:http path instead (`raw-invocations-handler.ts`); this route
 * serves `app.inject` (e.g. `millrace models predict`) and keeps the route known to the 405 table.
 */
export function registerInvocationsRoute(
  app: FastifyInstance,
  routes: RouteTable,
  service: InvocationService,
): void {
  routes.add('/invocations', 'POST');
  app.post('/invocations', async (request, reply) => {
    const cancellation = new PredictionCancellation();
    let gone = false;
    reply.raw.once('close', () => {
      if (reply.raw.writableEnded) return;
      gone = true;
      cancellation.cancel(clientGone());
    });
    const answer = await service.invoke({
      contentType: request.headers['content-type'],
      accept: request.headers.accept,
      body: typeof request.body === 'string' ? request.body : '',
      cancellation,
      isClientGone: () => gone,
    });
    if (answer.kind === 'events') {
      return reply
        .header('content-type', 'text/event-stream')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(answer.events);
    }
    return reply.header('content-type', 'application/json').send(answer.body);
  });
}
