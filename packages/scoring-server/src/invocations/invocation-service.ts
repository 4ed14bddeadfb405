import type { Readable } from 'node:stream';
import { type ErrorBody, MillraceError, type Schema } from '@millrace/core';
import type { LoadedModel } from '@millrace/models';
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
import type { PredictionCancellation } from '../prediction/prediction-cancellation.js';
import type { PredictionDeadline } from '../prediction/prediction-deadline.js';
import { serializeJson } from '../response/serialize-json.js';
import type { ScoringLogger } from '../scoring-logger.js';
import { startStreamPrediction } from '../streaming/stream-prediction.js';

export interface InvocationServiceOptions {
  model: LoadedModel;
  deadline: PredictionDeadline;
  logger: ScoringLogger;
  metrics: ScoringMetrics | undefined;
  /** When set, non-streaming predictions go through it instead of `model.predict`. */
  batcher: AdaptiveBatcher | undefined;
}

/** One `POST /invocations` request, whatever HTTP layer received it. */
export interface InvocationRequest {
  contentType: string | undefined;
  accept: string | undefined;
  /** The whole body, decoded as UTF-8. */
  body: string;
  /** Cancelled by the HTTP layer when the client goes away, and by the deadline on timeout. */
  cancellation: PredictionCancellation;
  /** True once the client has gone away (a stream then stops writing). */
  isClientGone: () => boolean;
}

/** JSON (`application/json`, the text ready to send) or Server-Sent Events (`text/event-stream`). */
export type InvocationAnswer = { kind: 'json'; body: string } | { kind: 'events'; events: Readable };

/**
 * Answers `POST /invocations` (scoring-server.md §3–§7) without knowing the HTTP layer: content
 * negotiation, request parsing, `predict` (or the adaptive batcher) under the timeout, and the
 * answer — `{"predictions": ...}` for wrapped and CSV requests, the bare output for unwrapped LLM
 * bodies, or a Server-Sent Event stream when the request asks to stream. Failures reject with a
 * `MillraceError` (or, for a bug of ours, anything else: the caller's error responder decides).
 */
export interface InvocationService {
  invoke(request: InvocationRequest): Promise<InvocationAnswer>;
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

/** Calls a model method, turning a synchronous throw into a rejected promise. */
function callModel<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

export function createInvocationService(options: InvocationServiceOptions): InvocationService {
  const { model, deadline, logger, metrics, batcher } = options;
  const requestSchema = schemaInfo(model);
  const inputSchema: Schema | null = model.signature?.inputs ?? null;
  const paramsForModel = createParamsForModel(requestSchema.paramNames !== null, logger);
  const predictStream = model.predictStream?.bind(model);

  /** A prediction failure as the client sees it; counts model errors (not timeouts or lost clients). */
  const predictionFailure = (error: unknown, cancellation: PredictionCancellation): MillraceError => {
    if (cancellation.cancelled && MillraceError.isInstance(error)) {
      if (error.errorCode === 'DEADLINE_EXCEEDED' || error.errorCode === 'CANCELLED') return error;
    }
    metrics?.modelError(MillraceError.isInstance(error) ? error.errorCode : 'INTERNAL_ERROR');
    return toModelError(error, logger);
  };

  const parseRequest = (request: InvocationRequest): ParsedRequest =>
    negotiateContentType(request.contentType) === 'json'
      ? parseJsonRequest(parseJsonBody(request.body), requestSchema)
      : parseCsvRequest(request.body, inputSchema);

  const answerStream = async (
    request: InvocationRequest,
    parsed: ParsedRequest,
    params: unknown,
  ): Promise<InvocationAnswer> => {
    if (predictStream === undefined) throw MillraceError.badRequest(NOT_STREAMABLE_MESSAGE);
    const { cancellation } = request;
    try {
      const events = await startStreamPrediction({
        chunks: {
          [Symbol.asyncIterator]: () =>
            predictStream(parsed.input, params, cancellation)[Symbol.asyncIterator](),
        },
        deadline,
        cancellation,
        describeError: (error): ErrorBody => predictionFailure(error, cancellation).toJSON(),
        isClientGone: request.isClientGone,
      });
      return { kind: 'events', events };
    } catch (error) {
      throw predictionFailure(error, cancellation);
    }
  };

  const answerJson = async (
    request: InvocationRequest,
    parsed: ParsedRequest,
    params: unknown,
  ): Promise<InvocationAnswer> => {
    const { cancellation } = request;
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
    return { kind: 'json', body: parsed.wrapped ? `{"predictions": ${json}}` : json };
  };

  return {
    invoke(request) {
      try {
        deadline.assertCapacity();
        const parsed = parseRequest(request);
        const params = paramsForModel(parsed.params);
        return parsed.stream || acceptsEventStream(request.accept)
          ? answerStream(request, parsed, params)
          : answerJson(request, parsed, params);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
