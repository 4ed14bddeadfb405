import { expect } from 'vitest';
import { type GatewayVector, readVectors } from './support/gateway-vectors.js';
import type { ClientResponse } from './support/http-client.js';
import { replayVectors } from './support/replay-vectors.js';
import type { Deviation } from './support/vector-comparison.js';

/**
 * Replays mlflow-model-serving.jsonl: MLflow's scoring protocol (`/invocations`) for completions,
 * chat and embeddings, every accepted and rejected prediction shape, scoring-server errors. The
 * recorded scoring-server answers are replayed by the fake. Deliberate differences are listed.
 */
const vectors = readVectors('mlflow-model-serving.jsonl');
const byId = new Map(vectors.map((vector) => [vector.id, vector]));

/** 502 for an output that does not fit: the message names the expected shape and what arrived. */
function shapeMismatch(arrived: string): Deviation {
  return {
    reason: 'the 502 says which shape was expected and which arrived (MLflow: pydantic text)',
    status: 502,
    check: (response: ClientResponse) => {
      const detail = (response.json as { detail: string }).detail;
      expect(detail).toMatch(
        /^The served model's output does not fit endpoint '[^']+' \(llm\/v1\/\w+\): expected /,
      );
      expect(detail).toContain(`got ${arrived}`);
    },
  };
}

function withoutStackTrace(id: string): Deviation {
  const { stack_trace: _stackTrace, ...detail } = (
    byId.get(id)!.client_response.body as { detail: Record<string, unknown> }
  ).detail;
  return { reason: 'stack traces are never relayed to clients', body: { detail } };
}

const DEVIATIONS: Record<string, Deviation> = {
  'mms-completions-empty-predictions': shapeMismatch('an empty list'),
  'mms-completions-int-predictions': shapeMismatch('a list of 2 numbers (item 0 is a number)'),
  'mms-completions-floats-model': shapeMismatch('a list of 1 list (item 0 is a list of 3 numbers)'),
  'mms-completions-dicts-single-key-string': shapeMismatch('a string under "candidates"'),
  'mms-completions-dicts-two-keys': shapeMismatch('"predictions" as an object with keys "texts", "scores"'),
  'mms-completions-dicts-empty-choices': shapeMismatch('an empty list under "choices"'),
  'mms-completions-dicts-list-of-dicts': shapeMismatch(
    'a list of 1 object (item 0 is an object with keys "text", "score")',
  ),
  'mms-fake-upstream-missing-predictions': shapeMismatch(
    'an object with key "outputs" without "predictions"',
  ),
  'mms-fake-upstream-bare-string': shapeMismatch('a string'),
  'mms-chat-dicts-two-keys': shapeMismatch('"predictions" as an object with keys "texts", "scores"'),
  'mms-embeddings-empty-vector': shapeMismatch('a list of 1 list (item 0 is an empty list)'),
  'mms-embeddings-empty': shapeMismatch('an empty list'),
  'mms-embeddings-strings-in-vector': shapeMismatch('a list of 1 list (item 0 is a list of 2 strings)'),
  'mms-embeddings-strings-model': shapeMismatch('a list of 1 string (item 0 is a string)'),
  'mms-embeddings-dicts-model': shapeMismatch('an object with key "embeddings"'),
  'mms-embeddings-flat-vector-with-int': {
    reason: 'MLflow bug mms-flat-int-vector (appendix A.4): a flat vector holding an integer is one vector',
    status: 200,
    body: {
      object: 'list',
      data: [{ object: 'embedding', embedding: [0, 0.5, 1.5], index: 0 }],
      model: 'floats-model',
      usage: { prompt_tokens: null, total_tokens: null },
    },
  },
  'mms-completions-stream-v1': {
    reason: 'appendix A.1: the 501 keeps its status on /v1/*',
    status: 501,
    body: 'The completions streaming route is not implemented for MLflow Model Serving models.',
  },
  'mms-chat-v1-two-messages': {
    reason: 'appendix A.1: the provider’s 422 keeps its status on /v1/*',
    status: 422,
    body: 'MLflow chat models are only capable of processing a single query at a time. The request submitted consists of 2 queries.',
  },
  'mms-chat-content-null': {
    reason: 'MLflow bug mms-content-null-500: a 422 that says what is missing',
    status: 422,
    body: {
      detail: 'The message sent to an MLflow model needs a content (a string or a list of content parts).',
    },
  },
  'mms-completions-raiser': withoutStackTrace('mms-completions-raiser'),
  'mms-chat-raiser': withoutStackTrace('mms-chat-raiser'),
  'mms-embeddings-raiser': withoutStackTrace('mms-embeddings-raiser'),
  'mms-completions-slow-timeout': {
    reason: 'MLflow bug scoring-504-not-json-500: the scoring server’s 504 is relayed as 504',
    status: 504,
    body: { detail: { message: 'Request processing time exceeded limit' } },
  },
  'mms-chat-slow-timeout': {
    reason: 'MLflow bug scoring-504-not-json-500',
    status: 504,
    body: { detail: { message: 'Request processing time exceeded limit' } },
  },
  'mms-completions-server-down': {
    reason: 'MLflow bug upstream-unreachable-500: 502',
    status: 502,
    body: { detail: "The upstream of endpoint 'completions-down' could not be reached (ECONNREFUSED)." },
  },
  'mms-completions-noname': {
    reason: 'MLflow bug no-model-name-500: the endpoint name stands in for a missing model.name',
    status: 200,
    check: (response) =>
      expect(response.json).toMatchObject({ model: 'completions-noname', choices: [{ text: 'echo: hi' }] }),
  },
  'mms-completions-raiser-internal': {
    reason: 'upstream 5xx is 502',
    status: 502,
    body: byId.get('mms-completions-raiser-internal')!.client_response.body as { detail: unknown },
  },
  'mms-fake-upstream-500': {
    reason: 'upstream 5xx is 502',
    status: 502,
    body: { detail: { error_code: 'INTERNAL_ERROR', message: 'Internal error.' } },
  },
  'mms-fake-upstream-503': {
    reason: 'upstream 5xx is 502',
    status: 502,
    body: { detail: { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'The model server is starting.' } },
  },
  'mms-fake-upstream-invalid-json': {
    reason: 'MLflow bug upstream-invalid-json-500: 502 with a reason',
    status: 502,
    check: (response) => expect((response.json as { detail: string }).detail).toMatch(/invalid JSON/),
  },
};

/** Millrace sends no schema defaults (3.6 always put temperature 0.0 and n 1 into params). */
function expectedUpstreamBody(vector: GatewayVector): unknown {
  const expected = structuredClone(vector.upstream_request!.body) as { params?: Record<string, unknown> };
  const client = vector.client_request.body as Record<string, unknown>;
  if (expected.params !== undefined) {
    if (!('temperature' in client)) delete expected.params.temperature;
    if (!('n' in client)) delete expected.params.n;
    if (Object.keys(expected.params).length === 0) delete expected.params;
  }
  return expected;
}

replayVectors({
  file: 'mlflow-model-serving.jsonl',
  rewriteConfig: (yaml, urls) =>
    yaml
      .replace(/http:\/\/127\.0\.0\.1:180(01|2[1-5])/g, urls.fake)
      .replaceAll('http://127.0.0.1:18098', urls.unreachable),
  env: {},
  placeholders: [],
  deviations: DEVIATIONS,
  expectedUpstreamBody,
});
