import { expect } from 'vitest';
import type { RecordedRequest, ScriptedResponse } from './fake-upstream.js';
import type { GatewayVector } from './gateway-vectors.js';
import { withCreatedFrom } from './gateway-vectors.js';
import type { ClientResponse } from './http-client.js';

/** A documented, deliberate difference from MLflow's recorded answer. */
export interface Deviation {
  reason: string;
  status?: number;
  /** The expected JSON body (MLflow routes) or `detail` (`/v1/*` routes). */
  body?: unknown;
  /** The expected event-stream text, replacing the vector's. */
  sse?: string;
  /** Extra checks on the answer. */
  check?: (response: ClientResponse) => void;
  /** False when the gateway must not call the upstream although MLflow did. */
  upstreamCalled?: boolean;
  /** The upstream answer to script when MLflow made no upstream call but Millrace does. */
  upstreamResponse?: ScriptedResponse;
}

const AUTH_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-goog-api-key', 'openai-organization'];

/** Checks the request the fake received against the vector's, given the expected body. */
export function expectUpstreamRequest(
  vector: GatewayVector,
  received: RecordedRequest,
  expectedBody: unknown,
  placeholders: readonly (readonly [string, string])[],
): void {
  const expected = vector.upstream_request!;
  expect(received.method).toBe(expected.method);
  expect(received.path).toBe(expected.path);
  for (const name of AUTH_HEADERS) {
    let value = received.headers[name] as string | undefined;
    for (const [placeholder, secret] of placeholders) value = value?.replace(secret, placeholder);
    expect({ header: name, value }).toEqual({ header: name, value: expected.headers[name] });
  }
  expect(received.headers['content-type']).toBe('application/json');
  expect(received.body).toEqual(expectedBody);
}

function normaliseIssues(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { detail?: unknown }).detail))
    return body;
  const detail = (body as { detail: Record<string, unknown>[] }).detail.map((issue) => {
    if (issue.type !== 'json_invalid') return issue;
    const { ctx: _ctx, ...rest } = issue;
    return rest;
  });
  return { ...body, detail };
}

/** Checks the gateway's answer against the vector's (or the deviation's) expectation. */
export function expectClientResponse(
  vector: GatewayVector,
  response: ClientResponse,
  deviation?: Deviation,
): void {
  const expected = vector.client_response;
  const status = deviation?.status ?? expected.status;
  expect({ status: response.status, body: response.text.slice(0, 500) }).toMatchObject({ status });
  const isV1 = vector.client_request.path.startsWith('/v1/');
  if (deviation?.check !== undefined) {
    deviation.check(response);
    if (deviation.sse === undefined && !('body' in deviation)) return;
  }

  if (
    deviation?.sse !== undefined ||
    (deviation?.body === undefined && expected.sse !== undefined && status === 200)
  ) {
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.aborted).toBe(false);
    const text = deviation?.sse ?? `${expected.sse!.join('\n')}\ndata: [DONE]\n\n`;
    expect(response.text).toBe(text);
    return;
  }
  if (status === 307) return;
  expect(response.aborted).toBe(false);
  expect(response.headers['content-type']).toBe('application/json');
  const body = deviation !== undefined && 'body' in deviation ? deviation.body : expected.body;
  if (isV1 && status >= 400) {
    const actual = response.json as {
      detail: unknown;
      error: { message: string; type: string; code: string };
    };
    expect(typeof actual.error.message).toBe('string');
    const expectedDetail = 'body' in (deviation ?? {}) ? body : (body as { detail: unknown }).detail;
    expect(normaliseIssues({ detail: actual.detail })).toEqual(normaliseIssues({ detail: expectedDetail }));
    return;
  }
  expect(normaliseIssues(response.json)).toEqual(normaliseIssues(withCreatedFrom(body, response.json)));
}
