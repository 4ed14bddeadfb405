import type { ServerResponse } from 'node:http';
import { openAIErrorObject } from '../http/error-response.js';
import type { GatewayHttpError } from '../http/gateway-http-error.js';

const DONE = 'data: [DONE]\n\n';

/**
 * Writes the client's event stream: one `data: <json>` event per chunk (backpressure honoured),
 * `data: [DONE]` at the end, and on a failure after the stream began an error event
 * `data: {"error": {message, type, code, param}}` (the shape OpenAI's SDKs raise) followed by a
 * clean end of the response — never a cut connection.
 */
export class SseResponseWriter {
  readonly #response: ServerResponse;

  constructor(response: ServerResponse) {
    this.#response = response;
  }

  /** Sets the status and headers; they leave with the first event (one write instead of two). */
  start(headers: Record<string, string>): void {
    this.#response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      ...headers,
    });
  }

  get closed(): boolean {
    return this.#response.destroyed || this.#response.writableEnded;
  }

  async write(chunk: unknown): Promise<void> {
    if (this.closed) return;
    if (!this.#response.write(`data: ${JSON.stringify(chunk)}\n\n`)) await this.#drained();
  }

  done(): void {
    if (!this.closed) this.#response.end(DONE);
  }

  fail(error: GatewayHttpError): void {
    if (!this.closed) this.#response.end(`data: ${JSON.stringify({ error: openAIErrorObject(error) })}\n\n`);
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        this.#response.off('drain', finish);
        this.#response.off('close', finish);
        resolve();
      };
      this.#response.on('drain', finish);
      this.#response.on('close', finish);
    });
  }
}
