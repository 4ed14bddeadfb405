import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';

/** One scripted answer of the fake upstream. */
export interface ScriptedResponse {
  /** null: accept the request and never answer (until the fake closes). */
  status: number | null;
  /** Response headers; no content-type header when absent. */
  headers?: Record<string, string>;
  /** Raw body text. */
  body?: string;
  /** SSE body: lines joined with "\n" plus a final "\n". */
  sse?: string[];
  /** A chunked body written piece by piece (binary streams such as AWS event-stream frames). */
  chunks?: (string | Uint8Array)[];
  /** Destroy the socket after writing the SSE lines (a cut stream). */
  streamCut?: boolean;
  /** Stall (write nothing more, keep the socket open) after the SSE lines. */
  stallAfterEvents?: boolean;
  /** Delay before answering, in ms. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingMessage['headers'];
  bodyText: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export type FakeHandler = (request: RecordedRequest) => ScriptedResponse;

/**
 * A local HTTP server standing in for a vendor API or a scoring server: it records every request and
 * answers scripted responses in order (then the default handler), byte for byte.
 */
export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  readonly #queue: ScriptedResponse[] = [];
  readonly #sockets = new Set<Socket>();
  #server: Server;
  #handler: FakeHandler = () => ({
    status: 500,
    headers: { 'content-type': 'text/plain' },
    body: 'no scripted response',
  });
  url = '';
  /** Requests whose client went away before the answer ended. */
  abortedRequests = 0;

  constructor() {
    this.#server = createServer((request, response) => void this.#serve(request, response));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeUpstream> {
    const fake = new FakeUpstream();
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    const address = fake.#server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    fake.url = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  enqueue(...responses: ScriptedResponse[]): void {
    this.#queue.push(...responses);
  }

  setHandler(handler: FakeHandler): void {
    this.#handler = handler;
  }

  /** Forgets recorded requests and pending scripted answers. */
  reset(): void {
    this.requests.length = 0;
    this.#queue.length = 0;
    this.abortedRequests = 0;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests.at(-1);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bodyText = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = undefined;
    }
    const recorded = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      bodyText,
      body,
    };
    this.requests.push(recorded);
    response.once('close', () => {
      if (!response.writableFinished) this.abortedRequests += 1;
    });
    const scripted = this.#queue.shift() ?? this.#handler(recorded);
    if (scripted.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted.status === null) return;
    const headers = { ...scripted.headers };
    if (scripted.chunks !== undefined) {
      response.writeHead(scripted.status, headers);
      for (const chunk of scripted.chunks) {
        response.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (scripted.streamCut === true) {
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      response.end();
      return;
    }
    if (scripted.sse !== undefined) {
      response.writeHead(scripted.status, headers);
      response.write(`${scripted.sse.join('\n')}\n`);
      if (scripted.streamCut === true) {
        setTimeout(() => response.socket?.destroy(), 20);
        return;
      }
      if (scripted.stallAfterEvents === true) return;
      response.end();
      return;
    }
    const text = scripted.body ?? '';
    response.writeHead(scripted.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
    response.end(text);
  }
}

/** A port nothing listens on (for unreachable upstreams). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no address');
  return address.port;
}
