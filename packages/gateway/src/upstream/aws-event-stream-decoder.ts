import { GatewayHttpError } from '../http/gateway-http-error.js';
import { AwsEventStreamError, type AwsEventStreamMessage, readAwsEventStream } from './aws-event-stream.js';
import type { Redactor } from './secret-redactor.js';
import type { UpstreamStreamDecoder, UpstreamStreamEvent } from './upstream-stream-decoder.js';

const MAXIMUM_REPORTED_LENGTH = 500;

function stringHeader(message: AwsEventStreamMessage, name: string): string | undefined {
  const value = message.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function payloadMessage(payload: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(payload);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const message = record.message ?? record.Message;
      if (typeof message === 'string') return message;
    }
  } catch {
    // not JSON: report the text
  }
  return text === '' ? undefined : text;
}

function midStreamError(kind: string, message: string | undefined, redact: Redactor): GatewayHttpError {
  const report = message === undefined ? kind : `${kind}: ${message}`;
  const text =
    report.length > MAXIMUM_REPORTED_LENGTH ? `${report.slice(0, MAXIMUM_REPORTED_LENGTH)}…` : report;
  return GatewayHttpError.badGateway(redact(`The upstream reported an error mid-stream: ${text}`));
}

async function* decodeMessages(
  body: AsyncIterable<Uint8Array>,
  redact: Redactor,
): AsyncGenerator<UpstreamStreamEvent> {
  try {
    for await (const message of readAwsEventStream(body)) {
      const messageType = stringHeader(message, ':message-type');
      if (messageType === 'exception') {
        const kind = stringHeader(message, ':exception-type') ?? 'exception';
        throw midStreamError(kind, payloadMessage(message.payload), redact);
      }
      if (messageType === 'error') {
        const kind = stringHeader(message, ':error-code') ?? 'error';
        throw midStreamError(kind, stringHeader(message, ':error-message'), redact);
      }
      if (messageType !== 'event') continue;
      const text = new TextDecoder().decode(message.payload);
      let data: unknown = {};
      if (text !== '') {
        try {
          data = JSON.parse(text) as unknown;
        } catch {
          throw GatewayHttpError.badGateway('The upstream sent a stream event whose payload is not JSON.');
        }
      }
      yield { event: stringHeader(message, ':event-type'), data };
    }
  } catch (error) {
    if (error instanceof AwsEventStreamError) {
      throw GatewayHttpError.badGateway(`The upstream's event stream is corrupt: ${error.message}.`);
    }
    throw error;
  }
}

/**
 * AWS's binary event-stream (Bedrock's ConverseStream): `event` messages become events named by
 * their `:event-type` header with their JSON payload; `exception` and `error` messages (throttling,
 * validation, model errors after the 200) are a 502 with the exception type and message.
 */
export const awsEventStreamDecoder: UpstreamStreamDecoder = {
  expected: 'an AWS event stream (application/vnd.amazon.eventstream)',
  accepts(contentType) {
    return (
      contentType !== undefined &&
      contentType.split(';', 1)[0]!.trim().toLowerCase() === 'application/vnd.amazon.eventstream'
    );
  },
  decode: decodeMessages,
};
