import { GatewayHttpError } from '../http/gateway-http-error.js';
import type { Redactor } from './secret-redactor.js';
import { readServerSentEvents } from './server-sent-events.js';
import type { UpstreamStreamDecoder, UpstreamStreamEvent } from './upstream-stream-decoder.js';

const MAXIMUM_REPORTED_LENGTH = 500;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The message of an error event's payload: `{"error": {"message"}}` (OpenAI, Anthropic, Gemini) or `{"error": "…"}`. */
function errorMessageOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const error = (data as Record<string, unknown>).error;
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message = (error as Record<string, unknown>).message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

function midStreamError(report: string, redact: Redactor): GatewayHttpError {
  const text =
    report.length > MAXIMUM_REPORTED_LENGTH ? `${report.slice(0, MAXIMUM_REPORTED_LENGTH)}…` : report;
  return GatewayHttpError.badGateway(redact(`The upstream reported an error mid-stream: ${text}`));
}

/**
 * Server-sent events whose data is JSON (OpenAI, Anthropic, Gemini, Cohere…): ends at `data:
 * [DONE]` or the end of the body; an `event: error` or a payload holding an `error` object (how
 * OpenAI and Gemini report failures after the 200) is a 502 carrying the upstream's message.
 */
export const serverSentEventsDecoder: UpstreamStreamDecoder = {
  expected: 'an event stream',
  accepts(contentType) {
    return (
      contentType !== undefined && contentType.split(';', 1)[0]!.trim().toLowerCase() === 'text/event-stream'
    );
  },
  async *decode(body, redact): AsyncGenerator<UpstreamStreamEvent> {
    for await (const event of readServerSentEvents(body)) {
      if (event.data === '[DONE]') return;
      const parsed = parseJson(event.data);
      const message = parsed.ok ? errorMessageOf(parsed.value) : undefined;
      if (event.event === 'error') throw midStreamError(message ?? event.data, redact);
      if (message !== undefined) throw midStreamError(message, redact);
      if (!parsed.ok)
        throw GatewayHttpError.badGateway('The upstream sent a stream event whose data is not JSON.');
      yield { event: event.event, data: parsed.value };
    }
  },
};
