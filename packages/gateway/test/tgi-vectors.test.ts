import { expect } from 'vitest';
import { type GatewayVector, readVectors } from './support/gateway-vectors.js';
import { replayVectors } from './support/replay-vectors.js';
import type { Deviation } from './support/vector-comparison.js';

/**
 * Replays huggingface-text-generation-inference.jsonl: TGI `/generate` mapping, unsupported endpoint
 * types, TGI error bodies. Deliberate differences from MLflow 3.6 are listed with their reasons.
 */
const vectors = readVectors('huggingface-text-generation-inference.jsonl');
const byId = new Map(vectors.map((vector) => [vector.id, vector]));

/** The vector's answer with TGI's `eos_token` finish reason in OpenAI's words (`stop`). */
function withStopFinishReason(id: string, model?: string): unknown {
  const body = structuredClone(byId.get(id)!.client_response.body) as {
    model: string;
    choices: { finish_reason: string }[];
  };
  for (const choice of body.choices) if (choice.finish_reason === 'eos_token') choice.finish_reason = 'stop';
  if (model !== undefined) body.model = model;
  return body;
}

const STOP_REASON = 'quirk not copied: TGI finish reasons are mapped to OpenAI’s (eos_token → stop)';

function relayed(status: number, detail: unknown, reason: string): Deviation {
  return { reason, status, body: { detail } };
}

const DEVIATIONS: Record<string, Deviation> = {
  'tgi-completions-basic': { reason: STOP_REASON, body: withStopFinishReason('tgi-completions-basic') },
  'tgi-completions-temperature-2': {
    reason: STOP_REASON,
    body: withStopFinishReason('tgi-completions-temperature-2'),
  },
  'tgi-completions-n-explicit-1': {
    reason: STOP_REASON,
    body: withStopFinishReason('tgi-completions-n-explicit-1'),
  },
  'tgi-completions-gateway-prefix': {
    reason: STOP_REASON,
    body: withStopFinishReason('tgi-completions-gateway-prefix'),
  },
  'tgi-completions-v1': { reason: STOP_REASON, body: withStopFinishReason('tgi-completions-v1') },
  'tgi-completions-n-2': {
    reason: 'the message’s missing space is fixed',
    body: { detail: "'n' must be '1' for the Text Generation Inference provider. Received value: '2'." },
  },
  'tgi-completions-v1-n-2': {
    reason: 'appendix A.1: provider refusals keep their status on /v1/*',
    status: 422,
    body: "'n' must be '1' for the Text Generation Inference provider. Received value: '2'.",
  },
  'tgi-completions-stream-v1': {
    reason: 'appendix A.1',
    status: 501,
    body: 'The completions streaming route is not implemented for Hugging Face Text Generation Inference models.',
  },
  'tgi-chat-v1-not-implemented': {
    reason: 'appendix A.1',
    status: 501,
    body: 'The chat route is not implemented for Hugging Face Text Generation Inference models.',
  },
  'tgi-completions-noname': {
    reason: 'MLflow bug no-model-name-500: the endpoint name stands in for a missing model.name',
    status: 200,
    body: withStopFinishReason('tgi-completions-n-explicit-1', 'completions-noname'),
    check: (response) =>
      expect((response.json as { usage: unknown }).usage).toEqual({
        prompt_tokens: 2,
        completion_tokens: 5,
        total_tokens: 7,
      }),
  },
  'tgi-upstream-422-validation': relayed(
    422,
    'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`',
    'MLflow bug tgi-error-string-500: TGI’s {"error": "<string>"} is relayed with its status',
  ),
  'tgi-upstream-400': relayed(
    400,
    'Input validation error: `temperature` must be strictly positive',
    'tgi-error-string-500',
  ),
  'tgi-upstream-401': relayed(
    401,
    'Authorization header is correct, but the token seems invalid',
    'tgi-error-string-500',
  ),
  'tgi-upstream-424-generation': relayed(
    424,
    'Request failed during generation: Server error: CUDA out of memory.',
    'tgi-error-string-500',
  ),
  'tgi-upstream-429-overloaded': relayed(429, 'Model is overloaded', 'tgi-error-string-500'),
  'tgi-upstream-500': relayed(502, 'Incomplete generation', 'tgi-error-string-500; upstream 5xx is 502'),
  'tgi-upstream-503-loading': relayed(
    502,
    'Model mistralai/Mistral-7B-Instruct-v0.2 is currently loading',
    'tgi-error-string-500; upstream 5xx is 502',
  ),
  'tgi-upstream-503-text-plain': relayed(502, { message: 'Service Unavailable' }, 'upstream 5xx is 502'),
  'tgi-upstream-invalid-json': {
    reason: 'MLflow bug upstream-invalid-json-500: 502 with a reason',
    status: 502,
    check: (response) => expect((response.json as { detail: string }).detail).toMatch(/invalid JSON/),
  },
  'tgi-upstream-no-details': {
    reason: 'MLflow bug upstream-unexpected-body-500: an answer without details has null usage',
    status: 200,
    check: (response) =>
      expect(response.json).toMatchObject({
        choices: [{ index: 0, text: ' This is a test.', finish_reason: null }],
        usage: { prompt_tokens: null, completion_tokens: null, total_tokens: null },
      }),
  },
  'tgi-upstream-list-shape': {
    reason: 'MLflow bug upstream-unexpected-body-500: the hosted Inference API’s list form is read',
    status: 200,
    check: (response) =>
      expect(response.json).toMatchObject({
        object: 'text_completion',
        choices: [{ text: ' This is a test.' }],
      }),
  },
};

/** Millrace sends the client's temperature unscaled (MLflow ×50) and no default (3.6 sent 0.0 → 0.001). */
function expectedUpstreamBody(vector: GatewayVector): unknown {
  const expected = structuredClone(vector.upstream_request!.body) as { parameters: Record<string, unknown> };
  const client = vector.client_request.body as Record<string, unknown>;
  if (client.temperature === undefined || client.temperature === 0) delete expected.parameters.temperature;
  else expected.parameters.temperature = client.temperature;
  return expected;
}

replayVectors({
  file: 'huggingface-text-generation-inference.jsonl',
  rewriteConfig: (yaml, urls) => yaml.replaceAll('http://127.0.0.1:18001', urls.fake),
  env: {},
  placeholders: [],
  deviations: DEVIATIONS,
  expectedUpstreamBody,
});
