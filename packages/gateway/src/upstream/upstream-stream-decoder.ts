import type { Redactor } from './secret-redactor.js';

/** One event of an upstream stream, decoded. */
export interface UpstreamStreamEvent {
  /** The event's name (SSE `event:`, AWS event-stream `:event-type`), or undefined. */
  event: string | undefined;
  /** The event's payload, parsed JSON. */
  data: unknown;
}

/**
 * How an upstream frames its stream: server-sent events (most vendors) or AWS's binary
 * event-stream (Bedrock). Decoders end at the stream's end (or its end marker) and throw a
 * GatewayHttpError (502) for error events and data they cannot read.
 */
export interface UpstreamStreamDecoder {
  /** Whether a response with this content type is a stream this decoder reads. */
  accepts(contentType: string | undefined): boolean;
  /** What was expected, for the 502 when the upstream answered something else: `an event stream`. */
  readonly expected: string;
  decode(body: AsyncIterable<Uint8Array>, redact: Redactor): AsyncIterable<UpstreamStreamEvent>;
}
