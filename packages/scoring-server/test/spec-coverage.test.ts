/**
 * Rows of the spec's tables (scoring-server.md §2–§7) that no recorded vector exercises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaType, postJson, sendRequest } from './support/http-client.js';
import { type ServedModel, serveFixture } from './support/served-model.js';
import { vectorSignature } from './vector-replay.js';

describe('spec rows without a recorded vector', () => {
  let slow: ServedModel;
  let unnamed: ServedModel;
  let chat: ServedModel;
  beforeAll(async () => {
    slow = await serveFixture({ code: 'slow-model.ts', signature: vectorSignature('slow') });
    unnamed = await serveFixture({
      code: 'nosig-echo-model.ts',
      signature: {
        inputs: [
          { type: 'string', required: true },
          { type: 'double', required: true },
        ],
        outputs: null,
        params: null,
      },
    });
    chat = await serveFixture({
      code: 'chat-echo-model.ts',
      signature: vectorSignature('chat_echo'),
      metadata: { task: 'llm/v1/chat' },
    });
  });
  afterAll(async () => {
    await Promise.all([slow.close(), unnamed.close(), chat.close()]);
  });

  it('§3: refuses Parquet (MLflow 3.11 reads it; Millrace does not) with 415 JSON', async () => {
    const response = await sendRequest(slow.baseUrl, {
      method: 'POST',
      path: '/invocations',
      headers: { 'content-type': 'application/vnd.apache.parquet' },
      body: Buffer.from([0x50, 0x41, 0x52, 0x31]),
    });
    expect(response.status).toBe(415);
    expect(mediaType(response.contentType)).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      error_code: 'BAD_REQUEST',
      message:
        "This predictor only supports the following content types: Types: ['text/csv', 'application/json']. " +
        "Got 'application/vnd.apache.parquet'.",
    });
  });

  it('§4.4: a list of scalars under inputs fills the only named column', async () => {
    const response = await postJson(slow.baseUrl, { inputs: ['a', 'b', 'c'], params: { sleep_seconds: 0 } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ predictions: { slept_seconds: 0, rows: 3 } });
  });

  it('§4.6: an unnamed column schema types the first columns by position (JSON and CSV)', async () => {
    const json = await postJson(unnamed.baseUrl, {
      dataframe_split: { columns: ['text', 'score'], data: [['x', 1]] },
    });
    expect(json.status).toBe(200);
    const csv = await sendRequest(unnamed.baseUrl, {
      method: 'POST',
      path: '/invocations',
      headers: { 'content-type': 'text/csv' },
      body: 'text,score\nx,1\n',
    });
    expect(csv.status).toBe(200);
    // CSV typed the second column as a number by position, so both paths hand the model the same rows.
    expect(JSON.parse(csv.body)).toEqual(JSON.parse(json.body));
    const refused = await postJson(unnamed.baseUrl, {
      dataframe_split: { columns: ['text', 'score'], data: [['x', 'high']] },
    });
    expect(refused.status).toBe(400);
  });

  it('§4.7: params without a params schema are ignored with one server-side warning', async () => {
    const first = await postJson(unnamed.baseUrl, {
      dataframe_split: { columns: ['a', 'b'], data: [['x', 1]] },
      params: { k: 1 },
    });
    const second = await postJson(unnamed.baseUrl, {
      dataframe_split: { columns: ['a', 'b'], data: [['y', 2]] },
      params: { k: 2 },
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    const paramWarnings = unnamed.logger.warnings.filter((warning) => warning.includes('params'));
    expect(paramWarnings).toHaveLength(1);
    expect(paramWarnings[0]).toContain('(k)');
  });

  it('GET /metadata carries the signature in MLflow JSON form for the gateway', async () => {
    const response = await sendRequest(chat.baseUrl, { method: 'GET', path: '/metadata' });
    const metadata = JSON.parse(response.body) as Record<string, unknown>;
    expect(metadata.task).toBe('llm/v1/chat');
    expect(metadata.streamable).toBe(false);
    expect(metadata.signature).toEqual({
      inputs: [
        {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              content: { type: 'string', required: true },
              role: { type: 'string', required: true },
            },
          },
          name: 'messages',
          required: true,
        },
        { type: 'double', name: 'temperature', required: false },
        { type: 'long', name: 'max_tokens', required: false },
      ],
      outputs: null,
      params: [{ name: 'top_p', default: 1, shape: null, type: 'double' }],
    });
  });
});
