import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalArtifactRepository } from '@millrace/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './support/tracking-server-fixture.js';

/*
 * The trace routes as MLflow's TypeScript tracing SDK (`@mlflow/core` 0.2.x, not in this registry)
 * and the Python client call them (tracking spec §3.7.1, §4.1, §4.2), over real HTTP: the SDK
 * sends `Content-Type: application/json` on every request, reads `mlflow.artifactLocation` from the
 * StartTraceV3 answer and uploads `traces.json` to `<tracking uri>/api/2.0/mlflow-artifacts/artifacts`
 * + `new URL(tag).pathname` + `/traces.json`.
 */

const TRACE_ID = 'tr-6c0d4a1f9b3e4c2d8a7f6e5d4c3b2a19';
// Nanosecond times beyond 2^53: the file must come back byte for byte.
const TRACES_JSON =
  '{"spans":[{"trace_id":"bA1KH5s+TC2Kf25dTDsqGQ==","span_id":"AAAAAAAAAAE=","parent_span_id":null,"name":"add",' +
  '"start_time_unix_nano":1718000000000000001,"end_time_unix_nano":1718000000042000001,' +
  '"status":{"code":"STATUS_CODE_OK","message":""},' +
  '"attributes":{"mlflow.traceRequestId":"\\"tr-6c0d4a1f9b3e4c2d8a7f6e5d4c3b2a19\\"","mlflow.spanType":"\\"LLM\\""},"events":[]}]}';

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

for (const backend of trackingBackends()) {
  describe(`trace routes (${backend.name})`, () => {
    let server: RunningTrackingServer;
    let sandbox: string;
    let experimentId: string;

    /** A request as the TS SDK sends it: JSON Content-Type on every method. */
    async function call(method: string, route: string, body?: unknown): Promise<Answer> {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    }

    function traceInfo(traceId: string, overrides: Record<string, unknown> = {}) {
      return {
        trace_id: traceId,
        trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
        request_preview: '{"a": 1, "b": 2}',
        response_preview: '3',
        request_time: '2025-06-10T12:00:00.000Z',
        execution_duration: '0.04212345600000001s',
        state: 'OK',
        trace_metadata: {
          'mlflow.trace_schema.version': '3',
          'mlflow.trace.tokenUsage': '{"input_tokens":10,"output_tokens":5,"total_tokens":15}',
        },
        tags: { 'mlflow.traceName': 'add' },
        assessments: [],
        ...overrides,
      };
    }

    beforeEach(async () => {
      sandbox = await mkdtemp(path.join(tmpdir(), 'millrace-traces-'));
      server = await startTrackingServer(backend, {
        artifactsDestination: createLocalArtifactRepository(path.join(sandbox, 'mlartifacts')),
      });
      experimentId = await server.trackingStore.createExperiment({ name: 'traced' });
    });

    afterEach(async () => {
      expect(server.loggedErrors).toEqual([]);
      await server.close();
      await rm(sandbox, { recursive: true, force: true });
    });

    it('runs the TS SDK sequence: start, upload traces.json, get info, download traces.json', async () => {
      const started = await call('POST', '/api/3.0/mlflow/traces', {
        trace: { trace_info: traceInfo(TRACE_ID) },
      });
      expect(started.status).toBe(200);
      const location = `mlflow-artifacts:/${experimentId}/traces/${TRACE_ID}/artifacts`;
      const expectedInfo = {
        trace_id: TRACE_ID,
        trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
        request_preview: '{"a": 1, "b": 2}',
        response_preview: '3',
        request_time: '2025-06-10T12:00:00Z',
        execution_duration: '0.042s',
        state: 'OK',
        trace_metadata: {
          'mlflow.trace_schema.version': '3',
          'mlflow.trace.tokenUsage': '{"input_tokens":10,"output_tokens":5,"total_tokens":15}',
          'mlflow.trace.infoFinalized': 'true',
        },
        tags: { 'mlflow.traceName': 'add', 'mlflow.artifactLocation': location },
      };
      expect(started.body).toEqual({ trace: { trace_info: expectedInfo } });

      // The SDK's upload URL: tracking URI + artifacts route + the tag's pathname + /traces.json.
      const tag: string = started.body.trace.trace_info.tags['mlflow.artifactLocation'];
      const uploadRoute = `/api/2.0/mlflow-artifacts/artifacts${new URL(tag).pathname}/traces.json`;
      expect(uploadRoute).toBe(
        `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/traces/${TRACE_ID}/artifacts/traces.json`,
      );
      const uploaded = await fetch(`${server.url}${uploadRoute}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: TRACES_JSON,
      });
      expect(uploaded.status).toBe(200);

      // MlflowClient.getTrace: info, then traces.json from the same location.
      const info = await call('GET', `/api/3.0/mlflow/traces/${TRACE_ID}`);
      expect(info).toMatchObject({ status: 200, body: { trace: { trace_info: expectedInfo } } });
      const downloaded = await call('GET', uploadRoute);
      expect(downloaded.status).toBe(200);
      expect(downloaded.text).toBe(TRACES_JSON);

      const listed = await call(
        'GET',
        `/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/traces/${TRACE_ID}/artifacts`,
      );
      expect(listed.body).toEqual({
        files: [{ path: 'traces.json', is_dir: false, file_size: Buffer.byteLength(TRACES_JSON) }],
      });
    });

    it('serves the routes under /ajax-api too and the V2 get-info twin', async () => {
      await call('POST', '/ajax-api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(TRACE_ID) } });
      expect((await call('GET', `/ajax-api/3.0/mlflow/traces/${TRACE_ID}`)).status).toBe(200);
      const v2 = await call('GET', `/api/2.0/mlflow/traces/${TRACE_ID}/info`);
      expect(v2.status).toBe(200);
      expect(v2.body.trace_info).toMatchObject({
        request_id: TRACE_ID,
        experiment_id: experimentId,
        timestamp_ms: Date.parse('2025-06-10T12:00:00.000Z'),
        execution_time_ms: 42,
        status: 'OK',
      });
      expect(v2.body.trace_info.tags).toContainEqual({ key: 'mlflow.traceName', value: 'add' });
    });

    it('upserts when a trace is started again (the row may exist already)', async () => {
      await call('POST', '/api/3.0/mlflow/traces', {
        trace: { trace_info: traceInfo(TRACE_ID, { state: 'IN_PROGRESS', execution_duration: undefined }) },
      });
      const again = await call('POST', '/api/3.0/mlflow/traces', {
        trace: { trace_info: traceInfo(TRACE_ID, { state: 'ERROR', execution_duration: '1.5s' }) },
      });
      expect(again.body.trace.trace_info).toMatchObject({ state: 'ERROR', execution_duration: '1.500s' });
    });

    it('accepts times with offsets and nanoseconds, states and location types by number', async () => {
      const started = await call('POST', '/api/3.0/mlflow/traces', {
        trace: {
          trace_info: traceInfo(TRACE_ID, {
            request_time: '2025-06-10T14:00:00.123456789+02:00',
            execution_duration: '2s',
            state: 2,
            trace_location: { type: 1, mlflow_experiment: { experiment_id: Number(experimentId) } },
          }),
        },
      });
      expect(started.status).toBe(200);
      expect(started.body.trace.trace_info).toMatchObject({
        request_time: '2025-06-10T12:00:00.123Z',
        execution_duration: '2s',
        state: 'ERROR',
      });
    });

    it('searches traces by location with filter, order and pages', async () => {
      for (const [index, name] of ['alpha', 'beta', 'gamma'].entries()) {
        const traceId = `tr-${String(index).repeat(32)}`;
        await call('POST', '/api/3.0/mlflow/traces', {
          trace: {
            trace_info: traceInfo(traceId, {
              request_time: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
              tags: { 'mlflow.traceName': name },
              state: index === 1 ? 'ERROR' : 'OK',
            }),
          },
        });
      }
      const locations = [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }];
      const first = await call('POST', '/api/3.0/mlflow/traces/search', { locations, max_results: 2 });
      expect(first.status).toBe(200);
      expect(
        first.body.traces.map((trace: { tags: Record<string, string> }) => trace.tags['mlflow.traceName']),
      ).toEqual(['gamma', 'beta']);
      const second = await call('POST', '/api/3.0/mlflow/traces/search', {
        locations,
        max_results: 2,
        page_token: first.body.next_page_token,
      });
      expect(second.body.traces).toHaveLength(1);
      expect(second.body.next_page_token).toBeUndefined();

      const filtered = await call('POST', '/api/3.0/mlflow/traces/search', {
        locations,
        filter: "trace.status = 'OK' AND tags.`mlflow.traceName` LIKE '%a'",
        order_by: ['timestamp_ms ASC'],
      });
      expect(filtered.body.traces.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([
        `tr-${'0'.repeat(32)}`,
        `tr-${'2'.repeat(32)}`,
      ]);
      const none = await call('POST', '/api/3.0/mlflow/traces/search', {
        locations,
        filter: "name = 'delta'",
      });
      expect(none).toMatchObject({ status: 200, body: {} });

      const infos = await call('POST', '/api/3.0/mlflow/traces/batchGetInfos', {
        trace_ids: [`tr-${'2'.repeat(32)}`, 'tr-unknown'],
      });
      expect(infos.body.trace_infos.map((trace: { trace_id: string }) => trace.trace_id)).toEqual([
        `tr-${'2'.repeat(32)}`,
      ]);
      const batch = await call(
        'GET',
        `/api/3.0/mlflow/traces/batchGet?trace_ids=tr-${'0'.repeat(32)}&trace_ids=tr-${'1'.repeat(32)}`,
      );
      expect(batch.body.traces).toHaveLength(2);
      expect(batch.body.traces[0].trace_info.trace_id).toBe(`tr-${'0'.repeat(32)}`);
    });

    it('sets and deletes trace tags through the V3 and V2 routes', async () => {
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(TRACE_ID) } });
      expect(
        await call('PATCH', `/api/3.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k3', value: 'v3' }),
      ).toMatchObject({
        status: 200,
        body: {},
      });
      expect(
        (await call('PATCH', `/api/2.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k2', value: 'v2' })).status,
      ).toBe(200);
      let tags = (await call('GET', `/api/3.0/mlflow/traces/${TRACE_ID}`)).body.trace.trace_info.tags;
      expect(tags).toMatchObject({ k3: 'v3', k2: 'v2' });
      expect((await call('DELETE', `/api/2.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k3' })).status).toBe(
        200,
      );
      expect((await call('DELETE', `/api/3.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k2' })).status).toBe(
        200,
      );
      tags = (await call('GET', `/api/3.0/mlflow/traces/${TRACE_ID}`)).body.trace.trace_info.tags;
      expect(tags).not.toHaveProperty('k3');
      expect(tags).not.toHaveProperty('k2');
      expect(await call('DELETE', `/api/3.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k2' })).toMatchObject({
        status: 404,
        body: {
          error_code: 'RESOURCE_DOES_NOT_EXIST',
          message: `No trace tag with key 'k2' for trace with ID '${TRACE_ID}'`,
        },
      });
    });

    it('deletes traces by id or by time, through 3.0 and 2.0', async () => {
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(TRACE_ID) } });
      const other = `tr-${'f'.repeat(32)}`;
      await call('POST', '/api/3.0/mlflow/traces', {
        trace: { trace_info: traceInfo(other, { request_time: '2030-01-01T00:00:00Z' }) },
      });
      expect(
        await call('POST', '/api/3.0/mlflow/traces/delete-traces', {
          experiment_id: experimentId,
          request_ids: [TRACE_ID],
        }),
      ).toMatchObject({ status: 200, body: { traces_deleted: 1 } });
      expect((await call('GET', `/api/3.0/mlflow/traces/${TRACE_ID}`)).status).toBe(404);
      expect(
        await call('POST', '/api/2.0/mlflow/traces/delete-traces', {
          experiment_id: experimentId,
          max_timestamp_millis: Date.parse('2031-01-01T00:00:00Z'),
          max_traces: 10,
        }),
      ).toMatchObject({ status: 200, body: { traces_deleted: 1 } });
      const both = await call('POST', '/api/3.0/mlflow/traces/delete-traces', {
        experiment_id: experimentId,
        request_ids: [other],
        max_timestamp_millis: 1,
      });
      expect(both).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    });

    it('answers MLflow errors for unknown traces and bad input', async () => {
      expect(await call('GET', `/api/3.0/mlflow/traces/${TRACE_ID}`)).toEqual({
        status: 404,
        body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Trace with ID '${TRACE_ID}' not found.` },
        text: expect.any(String),
      });
      expect(
        (await call('PATCH', `/api/3.0/mlflow/traces/${TRACE_ID}/tags`, { key: 'k', value: 'v' })).status,
      ).toBe(404);
      await call('POST', '/api/3.0/mlflow/traces', { trace: { trace_info: traceInfo(TRACE_ID) } });
      // Spans live in traces.json, not in the database: as MLflow without DB spans.
      expect(await call('GET', `/api/3.0/mlflow/traces/get?trace_id=${TRACE_ID}`)).toMatchObject({
        status: 404,
        body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
      });
      expect(
        await call('GET', `/api/3.0/mlflow/traces/get?trace_id=${TRACE_ID}&allow_partial=true`),
      ).toMatchObject({
        status: 200,
        body: { trace: { trace_info: { trace_id: TRACE_ID } } },
      });

      const refused: [unknown, string][] = [
        [{}, "Missing value for required parameter 'trace'"],
        [{ trace: { trace_info: traceInfo('../../1/run/artifacts') } }, 'Invalid trace ID'],
        [
          { trace: { trace_info: traceInfo(TRACE_ID, { request_time: 'yesterday' }) } },
          'trace.trace_info.request_time',
        ],
        [
          { trace: { trace_info: traceInfo(TRACE_ID, { request_time: '2025-02-30T00:00:00Z' }) } },
          'request_time',
        ],
        [{ trace: { trace_info: traceInfo(TRACE_ID, { execution_duration: '-1s' }) } }, 'execution_duration'],
        [{ trace: { trace_info: traceInfo(TRACE_ID, { execution_duration: 42 }) } }, 'execution_duration'],
        [{ trace: { trace_info: traceInfo(TRACE_ID, { state: 'DONE' }) } }, 'state'],
        [{ trace: { trace_info: traceInfo(TRACE_ID, { tags: { a: 1 } }) } }, 'tags'],
        [{ trace: { trace_info: traceInfo(TRACE_ID, { tags: ['a'] }) } }, 'tags'],
        [
          {
            trace: {
              trace_info: traceInfo(TRACE_ID, {
                trace_location: { type: 'INFERENCE_TABLE', inference_table: { full_table_name: 'a.b.c' } },
              }),
            },
          },
          'MLflow experiments only',
        ],
      ];
      for (const [body, message] of refused) {
        const answer = await call('POST', '/api/3.0/mlflow/traces', body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
        expect(answer.body.message).toContain(message);
      }
      const missingExperiment = await call('POST', '/api/3.0/mlflow/traces', {
        trace: {
          trace_info: traceInfo(TRACE_ID, {
            trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '424242' } },
          }),
        },
      });
      expect(missingExperiment).toMatchObject({
        status: 404,
        body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
      });
      const badFilter = await call('POST', '/api/3.0/mlflow/traces/search', {
        experiment_ids: [experimentId],
        filter: "span.name = 'x'",
      });
      expect(badFilter).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
      expect(await call('POST', '/api/3.0/mlflow/traces/search', {})).toMatchObject({ status: 400 });
    });

    it('answers OTLP /v1/traces with 501 so that clients fall back to traces.json', async () => {
      const answer = await fetch(`${server.url}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf', 'x-mlflow-experiment-id': experimentId },
        body: new Uint8Array([10, 0]),
      });
      expect(answer.status).toBe(501);
      expect(((await answer.json()) as { detail: string }).detail).toContain(
        'REST OTLP span logging is not supported',
      );
      const noHeader = await fetch(`${server.url}/v1/traces`, { method: 'POST', body: 'x' });
      expect(noHeader.status).toBe(422);
    });
  });
}
