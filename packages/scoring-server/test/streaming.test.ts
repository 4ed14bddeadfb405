import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaType, postJson } from './support/http-client.js';
import { type ServedModel, serveFixture } from './support/served-model.js';

interface ServerSentEvent {
  event: string;
  data: string;
}

/** Splits an SSE body into events, checking that it ends with a complete event. */
function parseEvents(body: string): ServerSentEvent[] {
  expect(body.endsWith('\n\n')).toBe(true);
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const event: ServerSentEvent = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event.event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) event.data = line.slice('data: '.length);
        else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
      }
      return event;
    });
}

describe('streaming', () => {
  let served: ServedModel;
  let nonStreaming: ServedModel;
  beforeAll(async () => {
    served = await serveFixture({ code: 'probe-model.ts', signature: null }, { timeoutSeconds: 0.5 });
    nonStreaming = await serveFixture({ code: 'nosig-echo-model.ts', signature: null });
  });
  afterAll(async () => {
    await served.close();
    await nonStreaming.close();
  });

  it('streams chunks as Server-Sent Events ending with [DONE] for "stream": true in a wrapped body', async () => {
    const response = await postJson(served.baseUrl, {
      inputs: { op: 'stream', words: ['Hello', ' world'] },
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(mediaType(response.contentType)).toBe('text/event-stream');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(parseEvents(response.body)).toEqual([
      { event: 'message', data: '{"delta":"Hello"}' },
      { event: 'message', data: '{"delta":" world"}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('streams for an unwrapped LLM body with "stream": true and for Accept: text/event-stream', async () => {
    const unwrapped = await postJson(served.baseUrl, {
      input: 'x',
      op: 'stream',
      words: ['a'],
      stream: true,
    });
    expect(parseEvents(unwrapped.body).map((event) => event.data)).toEqual(['{"delta":"a"}', '[DONE]']);
    const accepted = await postJson(
      served.baseUrl,
      { inputs: { op: 'stream', words: ['b'] } },
      { accept: 'text/event-stream' },
    );
    expect(mediaType(accepted.contentType)).toBe('text/event-stream');
    expect(parseEvents(accepted.body).map((event) => event.data)).toEqual(['{"delta":"b"}', '[DONE]']);
  });

  it('does not stream without being asked', async () => {
    const response = await postJson(served.baseUrl, {
      inputs: { op: 'echo', value: 'plain' },
      stream: false,
    });
    expect(mediaType(response.contentType)).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ predictions: 'plain' });
  });

  it('ends a stream that fails midway with an error event carrying MLflow error JSON', async () => {
    const response = await postJson(served.baseUrl, {
      inputs: { op: 'stream-fail', after: 2, message: 'generator broke' },
      stream: true,
    });
    expect(response.status).toBe(200);
    const events = parseEvents(response.body);
    expect(events.slice(0, 2).map((event) => event.data)).toEqual([
      '{"delta":"chunk 0"}',
      '{"delta":"chunk 1"}',
    ]);
    expect(events[2]?.event).toBe('error');
    expect(JSON.parse(events[2]?.data ?? '')).toEqual({
      error_code: 'INTERNAL_ERROR',
      message: 'Model raised an error: generator broke',
    });
    expect(events).toHaveLength(3);
  });

  it('answers an error before the first chunk as an ordinary JSON error', async () => {
    const response = await postJson(served.baseUrl, { inputs: { op: 'stream-fail-first' }, stream: true });
    expect(response.status).toBe(400);
    expect(mediaType(response.contentType)).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'cannot stream that',
    });
  });

  it('applies the timeout to the first chunk (504 JSON) and to each gap between chunks (error event)', async () => {
    const slowStart = await postJson(served.baseUrl, {
      inputs: { op: 'stream-slow-start', seconds: 2 },
      stream: true,
    });
    expect(slowStart.status).toBe(504);
    expect((JSON.parse(slowStart.body) as { error_code: string }).error_code).toBe('DEADLINE_EXCEEDED');

    const stalled = await postJson(served.baseUrl, {
      inputs: { op: 'stream-stall', id: 'stalled' },
      stream: true,
    });
    const events = parseEvents(stalled.body);
    expect(events[0]?.data).toBe('{"delta":"first"}');
    expect(events[1]?.event).toBe('error');
    expect((JSON.parse(events[1]?.data ?? '') as { error_code: string }).error_code).toBe(
      'DEADLINE_EXCEEDED',
    );
    const aborted = await postJson(served.baseUrl, { inputs: { op: 'aborted' } });
    expect((JSON.parse(aborted.body) as { predictions: string[] }).predictions).toContain('stalled');
  });

  it('refuses to stream a model without predictStream with 400', async () => {
    for (const [body, headers] of [
      [{ inputs: [1], stream: true }, {}],
      [{ prompt: 'hi', stream: true }, {}],
      [{ inputs: [1] }, { accept: 'text/event-stream' }],
    ] as const) {
      const response = await postJson(nonStreaming.baseUrl, body, headers);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        error_code: 'BAD_REQUEST',
        message: 'This model does not support predict_stream method.',
      });
    }
  });

  it('reports the model as streamable in /metadata', async () => {
    const response = await postJson(served.baseUrl, { inputs: { op: 'echo', value: 1 } });
    expect(response.status).toBe(200);
    const metadata = await fetch(new URL('/metadata', served.baseUrl));
    expect(((await metadata.json()) as { streamable: boolean }).streamable).toBe(true);
  });
});
