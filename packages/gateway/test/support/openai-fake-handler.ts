import type { RecordedRequest, ScriptedResponse } from './fake-upstream.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };

export const FAKE_REPLY_WORDS = ['Hello', ' from', ' the', ' fake', '!'];

function sse(events: unknown[]): string[] {
  return [...events.flatMap((event) => [`data: ${JSON.stringify(event)}`, '']), 'data: [DONE]', ''];
}

function floatVectorBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/**
 * A small OpenAI-compatible upstream: chat completions (plain and streamed, with usage when asked),
 * legacy completions (streamed with real `text` chunks) and embeddings (floats or base64).
 */
export function openAIFakeHandler(request: RecordedRequest): ScriptedResponse {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const model = typeof body.model === 'string' ? body.model : 'deployment-model';
  const path = request.path.split('?', 1)[0]!;
  const includeUsage =
    (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const usage = {
    prompt_tokens: 7,
    completion_tokens: FAKE_REPLY_WORDS.length,
    total_tokens: 7 + FAKE_REPLY_WORDS.length,
  };
  if (path.endsWith('/chat/completions')) {
    if (body.stream === true) {
      const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1700000000, model };
      const events: unknown[] = [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
        ...FAKE_REPLY_WORDS.map((word) => ({
          ...base,
          choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
        })),
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      ];
      if (includeUsage) events.push({ ...base, choices: [], usage });
      return { status: 200, headers: SSE_HEADERS, sse: sse(events) };
    }
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 1700000000,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: FAKE_REPLY_WORDS.join('') },
            finish_reason: 'stop',
          },
        ],
        usage,
      }),
    };
  }
  if (path.endsWith('/completions')) {
    if (body.stream === true) {
      const base = { id: 'cmpl-fake', object: 'text_completion', created: 1700000000, model };
      const events = FAKE_REPLY_WORDS.map((word, index) => ({
        ...base,
        choices: [
          { index: 0, text: word, finish_reason: index === FAKE_REPLY_WORDS.length - 1 ? 'stop' : null },
        ],
      }));
      return { status: 200, headers: SSE_HEADERS, sse: sse(events) };
    }
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'cmpl-fake',
        object: 'text_completion',
        created: 1700000000,
        model,
        choices: [{ index: 0, text: FAKE_REPLY_WORDS.join(''), finish_reason: 'stop' }],
        usage,
      }),
    };
  }
  if (path.endsWith('/embeddings')) {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const data = inputs.map((_input, index) => {
      const vector = [index + 0.5, 0.25, -0.125];
      return {
        object: 'embedding',
        index,
        embedding: body.encoding_format === 'base64' ? floatVectorBase64(vector) : vector,
      };
    });
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: 3, total_tokens: 3 } }),
    };
  }
  return {
    status: 404,
    headers: JSON_HEADERS,
    body: JSON.stringify({ error: { message: `no route ${path}` } }),
  };
}
