import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorSurface, asGatewayHttpError, errorResponseBody } from '../http/error-response.js';
import { GatewayHttpError } from '../http/gateway-http-error.js';
import { OVERHEAD_HEADER, formatOverhead } from '../http/overhead-header.js';
import type { MappedChunk, ProviderAdapter, TokenUsage } from '../providers/provider.js';
import type { ValidatedRequest } from '../requests/validated-request.js';
import type { CompiledEndpoint, InvocationTarget } from '../runtime/compiled-endpoint.js';
import { SseResponseWriter } from '../streaming/sse-response-writer.js';
import {
  ClientAbortedError,
  type UpstreamCallOptions,
  type UpstreamResponse,
  discardUpstreamBody,
  readUpstreamText,
  sendUpstream,
  translateTransportError,
} from '../upstream/call-upstream.js';
import { ClientDisconnectSignal } from '../upstream/client-disconnect-signal.js';
import { parseUpstreamAnswer } from '../upstream/parse-upstream-answer.js';
import { serverSentEventsDecoder } from '../upstream/server-sent-events-decoder.js';
import { upstreamStatusError } from '../upstream/upstream-error.js';
import type { GatewayContext } from './gateway-context.js';

/** Status recorded for requests whose client went away before the answer. */
const CLIENT_CLOSED_STATUS = 499;

/** Aborts the upstream call when the client disconnects before its answer is complete. */
function abortOnClientClose(reply: FastifyReply): ClientDisconnectSignal {
  const signal = new ClientDisconnectSignal();
  // 'close' is emitted once per response: `on` spares the `once` wrapper.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) signal.abort();
  });
  return signal;
}

/** Sends an error answer (headers not sent yet) and returns the status. */
export function sendErrorReply(
  reply: FastifyReply,
  error: unknown,
  surface: ErrorSurface,
  overheadMs: number,
  context: GatewayContext,
): number {
  if (error instanceof ClientAbortedError) return CLIENT_CLOSED_STATUS;
  const httpError = asGatewayHttpError(error);
  if (httpError.httpStatus === 500 && !GatewayHttpError.isGatewayHttpError(error)) {
    context.logger.error('unexpected error while answering a request', error);
  }
  if (reply.sent || reply.raw.headersSent) return httpError.httpStatus;
  reply
    .code(httpError.httpStatus)
    .header('content-type', 'application/json')
    .header(OVERHEAD_HEADER, formatOverhead(overheadMs));
  if (httpError.headers !== undefined) reply.headers(httpError.headers);
  reply.send(Buffer.from(JSON.stringify(errorResponseBody(httpError, surface))));
  return httpError.httpStatus;
}

function recordUsage(endpoint: CompiledEndpoint, usage: TokenUsage | undefined): void {
  if (usage !== undefined) endpoint.metrics.tokens(usage.promptTokens, usage.completionTokens);
}

function usageOfResponse(response: unknown): TokenUsage | undefined {
  const usage = (response as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)
    ?.usage;
  if (usage === undefined || usage === null) return undefined;
  return {
    promptTokens: typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : undefined,
    completionTokens: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : undefined,
  };
}

/** Where the time of one request went; the answer functions fill it in as they go. */
interface RequestTiming {
  /** performance.now() at the route handler's start. */
  started: number;
  /** Time spent waiting on the upstream. */
  upstreamMs: number;
  /** For streams: the overhead reported in the response header. */
  streamOverheadMs: number | undefined;
}

function callOptions(endpoint: CompiledEndpoint, signal: ClientDisconnectSignal): UpstreamCallOptions {
  return { signal, timeoutMs: endpoint.timeoutMs, endpointName: endpoint.name };
}

async function answerOnce(
  endpoint: CompiledEndpoint,
  adapter: ProviderAdapter,
  validated: ValidatedRequest,
  reply: FastifyReply,
  timing: RequestTiming,
): Promise<number> {
  // Most providers prepare synchronously; awaiting only real promises saves a microtask turn.
  const prepared = adapter.prepare(validated);
  const call = prepared instanceof Promise ? await prepared : prepared;
  const options = callOptions(endpoint, abortOnClientClose(reply));
  const upstreamStarted = performance.now();
  let text: string;
  let response: UpstreamResponse;
  try {
    response = await sendUpstream(call, options);
    text = await readUpstreamText(response, options);
  } finally {
    timing.upstreamMs = performance.now() - upstreamStarted;
    endpoint.metrics.upstream(timing.upstreamMs / 1000);
  }
  const answer = adapter.mapResponse(parseUpstreamAnswer(response, text, endpoint.redact), validated);
  recordUsage(endpoint, usageOfResponse(answer));
  const payload = JSON.stringify(answer);
  // The success path writes the response itself: fastify's send pipeline (content-type parsing,
  // hooks) is measurable at gateway request rates and adds nothing here.
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    [OVERHEAD_HEADER]: formatOverhead(performance.now() - timing.started - timing.upstreamMs),
  });
  reply.raw.end(payload);
  return 200;
}

async function answerStream(
  endpoint: CompiledEndpoint,
  adapter: ProviderAdapter,
  validated: ValidatedRequest,
  reply: FastifyReply,
  timing: RequestTiming,
  context: GatewayContext,
): Promise<number> {
  const call = await adapter.prepare(validated);
  const mapper = adapter.createStreamMapper!(validated);
  const decoder = adapter.streamDecoder ?? serverSentEventsDecoder;
  const signal = abortOnClientClose(reply);
  const options = callOptions(endpoint, signal);
  const upstreamStarted = performance.now();
  let response: UpstreamResponse;
  try {
    response = await sendUpstream(call, options);
  } finally {
    timing.upstreamMs = performance.now() - upstreamStarted;
    endpoint.metrics.upstream(timing.upstreamMs / 1000);
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const text = await readUpstreamText(response, options);
    throw upstreamStatusError(
      response.statusCode,
      response.contentType,
      response.retryAfter,
      text,
      endpoint.redact,
    );
  }
  if (!decoder.accepts(response.contentType)) {
    discardUpstreamBody(response);
    throw GatewayHttpError.badGateway(
      `The upstream answered ${response.contentType ?? 'a body without content type'} where ${decoder.expected} was expected.`,
    );
  }

  reply.hijack();
  const writer = new SseResponseWriter(reply.raw);
  timing.streamOverheadMs = performance.now() - timing.started - timing.upstreamMs;
  writer.start({ [OVERHEAD_HEADER]: formatOverhead(timing.streamOverheadMs) });
  let firstChunkSent = false;
  const send = async (mapped: MappedChunk): Promise<void> => {
    recordUsage(endpoint, mapped.usage);
    if (mapped.chunk === undefined) return;
    if (!firstChunkSent) {
      firstChunkSent = true;
      endpoint.metrics.timeToFirstToken((performance.now() - timing.started) / 1000);
    }
    await writer.write(mapped.chunk);
    if (writer.closed) throw new ClientAbortedError('The client disconnected.');
  };
  try {
    for await (const event of decoder.decode(response.body, endpoint.redact)) {
      await send(mapper.map(event.data, event.event));
    }
    const last = mapper.finish?.();
    if (last !== undefined) await send(last);
    writer.done();
    return 200;
  } catch (error) {
    const translated = error instanceof ClientAbortedError ? error : translateTransportError(error, options);
    if (translated instanceof ClientAbortedError || writer.closed) {
      signal.abort();
      return CLIENT_CLOSED_STATUS;
    }
    if (!GatewayHttpError.isGatewayHttpError(translated))
      context.logger.error('unexpected error while streaming', error);
    const httpError = asGatewayHttpError(translated);
    writer.fail(httpError);
    discardUpstreamBody(response);
    return httpError.httpStatus;
  }
}

/**
 * Serves a validated request on a target: picks the endpoint (traffic routes draw one), applies its
 * rate limit, calls the upstream and answers — JSON, or an event stream ending in `data: [DONE]`.
 * Every outcome is counted in the endpoint's metrics; errors become the surface's error body.
 */
export async function invokeTarget(
  target: InvocationTarget,
  validated: ValidatedRequest,
  surface: ErrorSurface,
  request: FastifyRequest,
  reply: FastifyReply,
  started: number,
  context: GatewayContext,
): Promise<void> {
  const endpoint = target.pick();
  const timing: RequestTiming = { started, upstreamMs: 0, streamOverheadMs: undefined };
  let status: number;
  try {
    if (endpoint.limit !== null) await context.rateLimiter.check(endpoint, request.ip);
    const adapter = endpoint.adapter;
    if (adapter === undefined) {
      throw GatewayHttpError.notImplemented(
        validated.stream ? endpoint.streamNotImplementedMessage : endpoint.notImplementedMessage,
      );
    }
    if (validated.stream) {
      if (!endpoint.streams || adapter.createStreamMapper === undefined) {
        throw GatewayHttpError.notImplemented(endpoint.streamNotImplementedMessage);
      }
      status = await answerStream(endpoint, adapter, validated, reply, timing, context);
    } else {
      status = await answerOnce(endpoint, adapter, validated, reply, timing);
    }
  } catch (error) {
    status = sendErrorReply(reply, error, surface, performance.now() - started - timing.upstreamMs, context);
  }
  endpoint.metrics.request(status);
  const overheadMs = timing.streamOverheadMs ?? performance.now() - started - timing.upstreamMs;
  endpoint.metrics.overhead(Math.max(0, overheadMs) / 1000);
}
