import type { ErrorBody } from '@millrace/core';
import { serializeJson } from '../response/serialize-json.js';

/** One Server-Sent Event carrying a chunk: `data: <json>` and a blank line. */
export function sseDataEvent(chunk: unknown): string {
  return `data: ${serializeJson(chunk)}\n\n`;
}

/** The last event of a successful stream, as OpenAI-style clients expect it. */
export const SSE_DONE_EVENT = 'data: [DONE]\n\n';

/** An error after the stream began: an `error` event with the MLflow error JSON. */
export function sseErrorEvent(body: ErrorBody): string {
  return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
}
