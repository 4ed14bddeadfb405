import { type ErrorBody, MillraceError, type Schema } from '@millrace/core';
import type { LoadedModel } from '@millrace/models';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptsEventStream } from '../http/accepts-event-stream.js';
import { negotiateContentType } from '../http/content-type.js';
import type { ScoringMetrics } from '../metrics/scoring-metrics.js';
import { parseCsvRequest } from '../parsing/csv-request.js';
import { parseJsonRequest } from '../parsing/json-request.js';
import { parseJsonBody } from '../parsing/lenient-json.js';
import type { ParsedRequest, RequestSchemaInfo } from '../parsing/parsed-request.js';
import type { AdaptiveBatcher } from '../prediction/adaptive-batcher.js';
import { toModelError } from '../prediction/model-error.js';
import { createParamsForModel } from '../prediction/params-for-model.js';
import { PredictionCancellation } from '../prediction/prediction-cancellation.js';
import type { PredictionDeadline } from '../prediction/prediction-deadline.js';
import { serializeJson } from '../response/serialize-json.js';
import type { ScoringLogger } from '../scoring-logger.js';
import { startStreamPrediction } from '../streaming/stream-prediction.js';
import type { RouteTable } from './route-table.js';

export interface InvocationsRouteOptions {
  model: LoadedModel;
  deadline: PredictionDeadline;
  logger: ScoringLogger;
  metrics: ScoringMetrics | undefined;
  /** When set, non-streaming predictions go through it instead of `model.predict`. */
  batcher: AdaptiveBatcher | undefined;
}

const NOT_STREAMABLE_MESSAGE = 'This model does not support predict_stream method.';

function schemaInfo(model: LoadedModel): RequestSchemaInfo {
  const inputs = model.signature?.inputs ?? [];
  const params = model.signature?.params ?? null;
  return {
    paramNames: params === null ? null : new Set(params.map((spec) => spec.name)),
    inputColumnNames: new Set(
      inputs.flatMap((spec) => (spec.type !== 'tensor' && spec.name !== undefined ? [spec.name] : [])),
    ),
  };
}

function clientGone(): MillraceError {
  return new MillraceError('CANCELLED', 'The client closed the connection before the answer.');
}

/** Calls a model method, turning a synchronous throw into a rejected promise. */
function callModel<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `POST /invocations` (scoring-server.md §3–§7): content negotiation, request parsing, `predict`
 * (or the adaptive batcher) under the timeout, and the answer — `{"predictions": ...}` for wrapped and CSV requests, the bare
 * output for unwrapped LLM bodies, or a Server-Sent Event stream when the request asks to stream.
 */
export function registerInvocationsRoute(
  app: FastifyInstance,
  routes: RouteTable,
  options: InvocationsRouteOptions,
): void {
  const { model, deadline, logger, metrics, batcher } = options;
  const requestSchema = schemaInfo(model);
  const inputSchema: Schema | null = model.signature?.inputs ?? null;
  const paramsForModel = createParamsForModel(requestSchema.paramNames !== null, logger);

  /** A prediction failure as the client sees it; counts model errors (not timeouts or lost clients). */
  const predictionFailure = (error: unknown, cancellation: PredictionCancellation): MillraceError => {
    if (cancellation.cancelled && MillraceError.isInstance(error)) {
      if (error.errorCode === 'DEADLINE_EXCEEDED' || error.errorCode === 'CANCELLED') return error;
    }
    metrics?.modelError(MillraceError.isInstance(error) ? error.errorCode : 'INTERNAL_ERROR');
    return toModelError(error, logger);
  };

  const parseRequest = (request: FastifyRequest): ParsedRequest => {
    const format = negotiateContentType(request.headers['content-type']);
    const text = typeof request.body === 'string' ? request.body : '';
    return format === 'json'
      ? parseJsonRequest(parseJsonBody(text), requestSchema)
      : parseCsvRequest(text, inputSchema);
  };

  /** Cancels the prediction when the client goes away; returns whether it has. */
  const watchClient = (reply: FastifyReply, cancellation: PredictionCancellation): (() => boolean) => {
    let gone = false;
    reply.raw.once('close', () => {
      if (reply.raw.writableEnded) return;
      gone = true;
      cancellation.cancel(clientGone());
    });
    return () => gone;
  };

  const answerStream = async (
    reply: FastifyReply,
    parsed: ParsedRequest,
    params: unknown,
    cancellation: PredictionCancellation,
    isClientGone: () => boolean,
  ) => {
    const predictStream = model.predictStream?.bind(model);
    if (predictStream === undefined) throw MillraceError.badRequest(NOT_STREAMABLE_MESSAGE);
    let events;
    try {
      events = await startStreamPrediction({
        chunks: {
          [Symbol.asyncIterator]: () =>
            predictStream(parsed.input, params, cancellation)[Symbol.asyncIterator](),
        },
        deadline,
        cancellation,
        describeError: (error): ErrorBody => predictionFailure(error, cancellation).toJSON(),
        isClientGone,
      });
    } catch (error) {
      throw predictionFailure(error, cancellation);
    }
    return reply
      .header('content-type', 'text/event-stream')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no')
      .send(events);
  };

  routes.add('/invocations', 'POST');
  app.post('/invocations', async (request, reply) => {
    deadline.assertCapacity();
    const parsed = parseRequest(request);
    const params = paramsForModel(parsed.params);
    const cancellation = new PredictionCancellation();
    const isClientGone = watchClient(reply, cancellation);
    if (parsed.stream || acceptsEventStream(request.headers.accept)) {
      return answerStream(reply, parsed, params, cancellation, isClientGone);
    }
    let output: unknown;
    try {
      const work =
        batcher === undefined
          ? callModel(() => model.predict(parsed.input, params, cancellation))
          : batcher.submit(parsed.input, params, cancellation);
      output = await deadline.wait(work, cancellation);
    } catch (error) {
      throw predictionFailure(error, cancellation);
    }
    const json = serializeJson(output);
    return reply
      .header('content-type', 'application/json')
      .send(parsed.wrapped ? `{"predictions": ${json}}` : json);
  });
}
