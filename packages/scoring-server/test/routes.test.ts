import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaType, sendRequest } from './support/http-client.js';
import { type ServedModel, serveFixture } from './support/served-model.js';

let served: ServedModel;

beforeAll(async () => {
  served = await serveFixture(
    { code: 'chat-echo-model.ts', signature: null, metadata: { task: 'llm/v1/chat' } },
    { version: '1.2.3' },
  );
});

afterAll(async () => {
  await served.close();
});

function errorBody(body: string): { error_code: string; message: string } {
  const parsed = JSON.parse(body) as { error_code: string; message: string };
  expect(Object.keys(parsed)).toEqual(['error_code', 'message']);
  return parsed;
}

describe('health and version routes', () => {
  it('answers GET /ping and /health with 200 and valid JSON', async () => {
    for (const path of ['/ping', '/health', '/ping/', '/health?probe=1']) {
      const response = await sendRequest(served.baseUrl, { method: 'GET', path });
      expect(response.status).toBe(200);
      expect(mediaType(response.contentType)).toBe('application/json');
      expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
    }
  });

  it('answers HEAD on the GET routes with 200 and no body', async () => {
    for (const path of ['/ping', '/health', '/version', '/metadata']) {
      const response = await sendRequest(served.baseUrl, { method: 'HEAD', path });
      expect(response.status).toBe(200);
      expect(response.body).toBe('');
    }
  });

  it('answers GET /version with the Millrace version as a JSON string', async () => {
    const response = await sendRequest(served.baseUrl, { method: 'GET', path: '/version' });
    expect(response.status).toBe(200);
    expect(mediaType(response.contentType)).toBe('application/json');
    expect(JSON.parse(response.body)).toBe('1.2.3');
  });
});

describe('unknown paths and wrong methods', () => {
  it('answers an unknown path with 404 ENDPOINT_NOT_FOUND as MLflow error JSON', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await sendRequest(served.baseUrl, {
        method,
        path: '/v1/models',
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{"inputs": ["a"]}' : undefined,
      });
      expect(response.status).toBe(404);
      expect(mediaType(response.contentType)).toBe('application/json');
      expect(errorBody(response.body)).toEqual({
        error_code: 'ENDPOINT_NOT_FOUND',
        message: `No endpoint at ${method} /v1/models.`,
      });
    }
  });

  it('answers a wrong method with 405 BAD_REQUEST and an Allow header', async () => {
    const cases = [
      { method: 'GET', path: '/invocations', allow: 'POST' },
      { method: 'PUT', path: '/invocations', allow: 'POST' },
      { method: 'POST', path: '/ping', allow: 'GET, HEAD' },
      { method: 'DELETE', path: '/version/', allow: 'GET, HEAD' },
      { method: 'OPTIONS', path: '/health', allow: 'GET, HEAD' },
    ];
    for (const { method, path, allow } of cases) {
      const response = await sendRequest(served.baseUrl, { method, path });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(mediaType(response.contentType)).toBe('application/json');
      const body = errorBody(response.body);
      expect(body.error_code).toBe('BAD_REQUEST');
      expect(body.message).toBe(
        `Method ${method} is not allowed for ${path.replace(/\/$/, '')}. Allowed: ${allow}.`,
      );
    }
  });

  it('treats /invocations/ like /invocations, and ignores the query string', async () => {
    for (const path of ['/invocations/', '/invocations?format=pandas-split&x=1']) {
      const response = await sendRequest(served.baseUrl, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: '{"inputs": [{"messages": [{"role": "user", "content": "hi"}]}]}',
      });
      expect(response.status).toBe(200);
      const body = JSON.parse(response.body) as {
        predictions: { choices: { message: { content: string } }[] };
      };
      expect(body.predictions.choices[0]?.message.content).toBe('echo: hi');
    }
  });
});

describe('GET /metadata', () => {
  it('describes the served model for the gateway', async () => {
    const response = await sendRequest(served.baseUrl, { method: 'GET', path: '/metadata' });
    expect(response.status).toBe(200);
    expect(mediaType(response.contentType)).toBe('application/json');
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      flavor: served.model.flavor,
      task: 'llm/v1/chat',
      signature: null,
      metadata: { task: 'llm/v1/chat' },
      run_id: null,
      streamable: false,
    });
    expect(body.model_uuid).toBe(served.model.mlmodel.model_uuid);
    expect(typeof body.model_uuid).toBe('string');
  });
});
