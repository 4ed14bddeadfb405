import { expect } from 'vitest';
import { type GatewayVector, readVectors, scriptedResponseOf } from './support/gateway-vectors.js';
import { sseData } from './support/http-client.js';
import { replayVectors } from './support/replay-vectors.js';
import type { Deviation } from './support/vector-comparison.js';

/**
 * Replays every exchange of openai.jsonl (MLflow 3.6's gateway against a recording fake) against
 * Millrace's gateway: same client request, the recorded upstream answer from a local fake, and a
 * comparison of both the request we send upstream and the answer we give. Deliberate differences
 * (MLflow bugs fixed, quirks not copied) are listed below with their reasons.
 */
const SECRETS = {
  OPENAI_API_KEY: 'sk-test-openai-key-0123456789',
  AZURE_OPENAI_API_KEY: 'azure-test-key-0123456789',
  AZUREAD_TOKEN: 'azuread-test-token-0123456789',
  OPENAI_WRONG_API_KEY: 'sk-test-wrong-key-0123456789',
};

/** The placeholders the vectors show for the keys in upstream headers. */
const PLACEHOLDERS: readonly (readonly [string, string])[] = [
  ['<wrong-key>', SECRETS.OPENAI_WRONG_API_KEY],
  ['<key>', SECRETS.OPENAI_API_KEY],
  ['<key>', SECRETS.AZURE_OPENAI_API_KEY],
  ['<key>', SECRETS.AZUREAD_TOKEN],
];

const vectors = readVectors('openai.jsonl');
const byId = new Map(vectors.map((vector) => [vector.id, vector]));
const sseOf = (id: string): string => `${byId.get(id)!.client_response.sse!.join('\n')}\ndata: [DONE]\n\n`;

function errorEvent(text: string): { error: { message: string; type: string; code: string } } {
  return JSON.parse(sseData(text).at(-1)!) as { error: { message: string; type: string; code: string } };
}

function streamThenError(id: string, chunks: number, code: string): Deviation['check'] {
  return (response) => {
    const expected = byId
      .get(id)!
      .client_response.sse!.filter((line) => line !== '')
      .slice(0, chunks);
    const data = response.text.split('\n').filter((line) => line !== '');
    expect(data.slice(0, chunks)).toEqual(expected);
    expect(data).toHaveLength(chunks + 1);
    expect(errorEvent(response.text).error.code).toBe(code);
    expect(response.aborted).toBe(false);
  };
}

const chatWithNullUsage = (response: { json: unknown }) => {
  const body = response.json as { usage: unknown; choices: { message: { content: string } }[] };
  expect(body.usage).toEqual({ prompt_tokens: null, completion_tokens: null, total_tokens: null });
  expect(body.choices[0]!.message.content).toBe('Hello! How can I assist you today?');
};

const DEVIATIONS: Record<string, Deviation> = {
  'chat-tools-parameters-without-properties': {
    reason: 'MLflow bug tool-parameters-properties-required: {"type": "object"} is valid JSON Schema',
    status: 200,
    upstreamCalled: true,
    upstreamResponse: scriptedResponseOf(byId.get('chat-basic')!),
    check: (response) => expect((response.json as { object: string }).object).toBe('chat.completion'),
  },
  'embeddings-upstream-500-plain': {
    reason: 'upstream 5xx is 502',
    status: 502,
    body: { detail: { message: 'boom' } },
  },
  'routes-root-redirect': {
    reason: 'no Swagger UI at /docs: / redirects to the endpoint list',
    check: (response) => expect(response.headers.location).toBe('/api/2.0/endpoints/'),
  },
  'routes-list-bad-page-token': {
    reason: 'MLflow bug bad-page-token-500: a bad token is the client’s error',
    status: 400,
    body: { detail: 'The page_token is not a token this server issued.' },
  },
  'routes-v1-chat-unknown-model': {
    reason: 'appendix A.1: unknown model on /v1/* is 404, not a bare 500',
    status: 404,
    body: "The endpoint 'does-not-exist' is not present or active on the server. Please verify the endpoint name.",
  },
  'routes-v1-completions-unknown-model': {
    reason: 'appendix A.1',
    status: 404,
    body: "The endpoint 'nope' is not present or active on the server. Please verify the endpoint name.",
  },
  'routes-v1-embeddings-unknown-model': {
    reason: 'appendix A.1',
    status: 404,
    body: "The endpoint 'nope' is not present or active on the server. Please verify the endpoint name.",
  },
  'routes-v1-chat-missing-model': {
    reason: 'appendix A.1: a missing model is a validation error',
    status: 422,
    body: [{ type: 'missing', loc: ['body', 'model'], msg: 'Field required', input: null }],
  },
  'chat-upstream-500': {
    reason: 'upstream 5xx is 502 (the gateway’s upstream failed), message kept',
    status: 502,
    body: { detail: 'The server had an error while processing your request. Sorry about that!' },
  },
  'chat-upstream-503': {
    reason: 'upstream 5xx is 502, message kept',
    status: 502,
    body: { detail: 'The engine is currently overloaded, please try again later.' },
  },
  'chat-upstream-error-without-message': {
    reason: 'quirk error-detail-reason-phrase not copied: the error object says more than "Bad Request"',
    body: { detail: { type: 'invalid_request_error', code: 'bad' } },
  },
  'chat-upstream-500-text-plain': {
    reason: 'upstream 5xx is 502',
    status: 502,
    body: {
      detail: {
        message:
          'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      },
    },
  },
  'chat-upstream-200-text-plain': {
    reason: 'MLflow bug upstream-unexpected-body-500: 502 with a reason',
    status: 502,
    body: { detail: 'The upstream answered text/plain where JSON was expected.' },
  },
  'chat-upstream-invalid-json': {
    reason: 'MLflow bug upstream-invalid-json-500: 502 with a reason',
    status: 502,
    check: (response) => expect((response.json as { detail: string }).detail).toMatch(/invalid JSON/),
  },
  'chat-upstream-missing-usage': {
    reason: 'MLflow bug upstream-missing-usage-500: a missing usage is null usage',
    status: 200,
    check: chatWithNullUsage,
  },
  'chat-upstream-unreachable': {
    reason: 'MLflow bug upstream-unreachable-500: 502',
    status: 502,
    body: { detail: "The upstream of endpoint 'chat-unreachable' could not be reached (ECONNREFUSED)." },
  },
  'chat-upstream-hang': {
    reason: 'MLflow bug upstream-timeout-500: 504 after the endpoint timeout (1 s here)',
    status: 504,
    body: { detail: "The upstream of endpoint 'chat-hang' did not answer within 1 s." },
  },
  'chat-stream-include-usage': {
    reason: 'MLflow bug stream-usage-dropped: the usage-only chunk keeps its usage',
    check: (response) => {
      const last = JSON.parse(sseData(response.text).at(-2)!) as { choices: unknown[]; usage: unknown };
      expect(last).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 19, completion_tokens: 5, total_tokens: 24 },
      });
    },
    sse: sseOf('chat-stream-include-usage').replace(
      '"choices":[]}',
      '"choices":[],"usage":{"prompt_tokens":19,"completion_tokens":5,"total_tokens":24}}',
    ),
  },
  'chat-stream-model-field': {
    reason: 'MLflow bug stream-validation-after-headers: the 422 comes before the stream',
    status: 422,
    body: {
      detail:
        "The parameter 'model' is not permitted to be passed. The route being queried already defines a model instance.",
    },
  },
  'chat-stream-cut': {
    reason: 'appendix A.3: a failure after the stream began is an SSE error event, not a cut connection',
    check: streamThenError('chat-stream-cut', 2, 'TEMPORARILY_UNAVAILABLE'),
  },
  'chat-stream-upstream-429': {
    reason: 'MLflow bug stream-status-unchecked: the upstream status is checked before the stream starts',
    status: 429,
    body: {
      detail:
        'Rate limit reached for gpt-4o-mini in organization org-placeholder on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    },
  },
  'chat-stream-upstream-500-text': {
    reason: 'MLflow bug stream-status-unchecked; upstream 5xx is 502',
    status: 502,
    body: { detail: { message: 'Internal Server Error' } },
  },
  'chat-stream-no-space-after-data': {
    reason: 'MLflow bug sse-data-prefix-needs-space: `data:` without a space is valid SSE',
    sse: sseOf('chat-stream'),
  },
  'chat-stream-comment-line': {
    reason: 'MLflow bug sse-comment-not-ignored: comment lines are ignored',
    sse: sseOf('chat-stream'),
  },
  'chat-stream-invalid-json-chunk': {
    reason: 'an unreadable chunk ends the stream with an SSE error event',
    check: streamThenError('chat-stream-invalid-json-chunk', 2, 'TEMPORARILY_UNAVAILABLE'),
  },
  'chat-stream-upstream-hang': {
    reason: 'an upstream silent for the endpoint timeout ends the stream with an SSE error event',
    check: streamThenError('chat-stream-upstream-hang', 2, 'DEADLINE_EXCEEDED'),
  },
  'ratelimit-endpoints-call-3': {
    reason: 'Retry-After is sent with the 429',
    check: (response) => expect(Number(response.headers['retry-after'])).toBeGreaterThan(0),
    body: { error: 'Rate limit exceeded: 2 per 1 minute' },
  },
  'ratelimit-gateway-prefix-separate-counter': {
    reason: 'MLflow bug ratelimit-separate-counters: one counter per endpoint whatever the route',
    status: 429,
    body: { error: 'Rate limit exceeded: 2 per 1 minute' },
    upstreamCalled: false,
  },
  'ratelimit-v1-bypass': {
    reason: 'MLflow bug ratelimit-v1-bypass (appendix A.2): /v1/* is rate-limited too',
    status: 429,
    body: 'Rate limit exceeded: 2 per 1 minute',
    upstreamCalled: false,
  },
  'completions-stream-legacy-chunks': {
    reason: 'MLflow bug completions-stream-expects-delta (appendix A.6): legacy `text` chunks are read',
    sse: sseOf('completions-stream-chat-style-chunks'),
  },
  'completions-upstream-missing-usage': {
    reason: 'MLflow bug upstream-missing-usage-500',
    status: 200,
    check: (response) =>
      expect((response.json as { usage: unknown }).usage).toEqual({
        prompt_tokens: null,
        completion_tokens: null,
        total_tokens: null,
      }),
  },
};

function isAzure(vector: GatewayVector): boolean {
  return vector.upstream_request?.path.startsWith('/openai/deployments/') === true;
}

/**
 * The body Millrace sends upstream, derived from MLflow's: no schema defaults (3.6 always sent
 * `temperature: 0.0` and `n: 1`), messages and tools verbatim (appendix A.9, A.10), no `model: null`,
 * and `stream_options.include_usage` asked on OpenAI streams when the client did not say (token metrics).
 */
function expectedUpstreamBody(vector: GatewayVector): unknown {
  const expected = structuredClone(vector.upstream_request!.body) as Record<string, unknown>;
  const client = vector.client_request.body as Record<string, unknown>;
  if (!('temperature' in client)) delete expected.temperature;
  if (!('n' in client)) delete expected.n;
  if (expected.model === null) delete expected.model;
  if ('messages' in expected) expected.messages = client.messages;
  if ('tools' in expected) expected.tools = client.tools;
  const streamOptions = client.stream_options as Record<string, unknown> | undefined;
  const streams = expected.stream === true && vector.endpoint_type !== 'llm/v1/embeddings';
  if (streams && !isAzure(vector) && streamOptions?.include_usage === undefined) {
    expected.stream_options = { ...streamOptions, include_usage: true };
  }
  return expected;
}

replayVectors({
  file: 'openai.jsonl',
  rewriteConfig: (yaml, urls) =>
    yaml
      .replaceAll('http://127.0.0.1:18001', urls.fake)
      .replaceAll('http://127.0.0.1:18099', urls.unreachable)
      .replace('  - name: chat-hang\n', '  - name: chat-hang\n    timeout_seconds: 1\n')
      .replace('  - name: chat-hangstream\n', '  - name: chat-hangstream\n    timeout_seconds: 1\n'),
  env: SECRETS,
  placeholders: PLACEHOLDERS,
  deviations: DEVIATIONS,
  expectedUpstreamBody,
});
