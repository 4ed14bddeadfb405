import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The words the fake answers with, streamed one per chunk. */
export const FAKE_WORDS = ['Hello', ' from', ' the', ' fake'];

export interface FakeOpenAI {
  url: string;
  /** Bodies of the requests received (parsed JSON). */
  bodies: Record<string, unknown>[];
  /** The next answers are this status and error message instead. */
  failNext(status: number, message: string, times?: number): void;
  close(): Promise<void>;
}

/** A minimal OpenAI-compatible upstream: chat completions (plain and streamed) and embeddings. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const bodies: Record<string, unknown>[] = [];
  let failures: { status: number; message: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      bodies.push(body);
      const failure = failures.shift();
      if (failure !== undefined) {
        response.writeHead(failure.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: failure.message, type: 'invalid_request_error' } }));
        return;
      }
      const model = String(body.model ?? 'fake-model');
      if (request.url?.endsWith('/embeddings')) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            object: 'list',
            model,
            data: inputs.map((_input, index) => ({ object: 'embedding', index, embedding: [index, 0.5] })),
            usage: { prompt_tokens: 2, total_tokens: 2 },
          }),
        );
        return;
      }
      const base = { id: 'chatcmpl-fake', created: 1_700_000_000, model };
      if (body.stream === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const word of FAKE_WORDS) {
          const chunk = {
            ...base,
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
          };
          response.write(`data: ${JSON.stringify(chunk)}\n\n`);
        }
        const last = {
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        };
        response.end(`data: ${JSON.stringify(last)}\n\ndata: [DONE]\n\n`);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            { index: 0, message: { role: 'assistant', content: FAKE_WORDS.join('') }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    failNext(status, message, times = 1) {
      failures = Array.from({ length: times }, () => ({ status, message }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
