import { setTimeout as delay } from 'node:timers/promises';
import type { TrackingAppOptions } from '../../src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PlaceholderBindings,
  readTrackingVectors,
  sendRaw,
  vectorRequest,
  type ReplayResponse,
  type TrackingVector,
} from './tracking-vectors.js';
import {
  startTrackingServer,
  trackingBackends,
  type RunningTrackingServer,
} from './tracking-server-fixture.js';

/** How Millrace answers an exchange differently from the recording, and why. */
export type Divergence = { reason: string } & (
  | { kind: 'error'; status: number; errorCode: string }
  | { kind: 'body'; status?: number; body: (recorded: unknown, bindings: PlaceholderBindings) => unknown }
  | { kind: 'check'; check: (response: ReplayResponse, bindings: PlaceholderBindings) => void }
);

export interface ReplayOptions {
  /** The vector file, e.g. `runs.jsonl`. */
  file: string;
  /** Exchanges where Millrace deliberately answers otherwise (fixed MLflow bugs, spec choices). */
  divergences?: Readonly<Record<string, Divergence>>;
  /**
   * Exchanges not replayed, with the reason: features of other parts of the API (logged models,
   * registry, traces, security middleware), or exchanges that only make sense after an MLflow bug.
   */
  notReplayed?: Readonly<Record<string, string>>;
  /**
   * Applied to every recorded response body before it is compared: a difference that shows in
   * many exchanges (±Infinity metrics are kept, not clamped) is stated once.
   */
  transformRecorded?: (body: unknown) => unknown;
  /** Extra options of each server's app (called once per server, e.g. a fresh artifacts destination). */
  appOptions?: () => Partial<TrackingAppOptions>;
}

function checkErrorBody(response: ReplayResponse, errorCode: string): void {
  expect(response.contentType).toBe('application/json');
  const body = response.json as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error_code', 'message']);
  expect(body.error_code).toBe(errorCode);
  expect(typeof body.message).toBe('string');
}

function checkRecorded(
  vector: TrackingVector,
  response: ReplayResponse,
  bindings: PlaceholderBindings,
  pageTokens: Map<string, string>,
  expectedBody: unknown,
): void {
  const recorded = vector.response;
  if (typeof expectedBody === 'object' && expectedBody !== null) {
    const record = expectedBody as Record<string, unknown>;
    if (typeof record.error_code === 'string' && Object.keys(record).length === 2 && 'message' in record) {
      // Messages are compared loosely (README "What to compare"): code, status and shape exactly.
      checkErrorBody(response, record.error_code);
      return;
    }
    expect(response.contentType).toBe('application/json');
    expect(bindings.match(expectedBody, response.json, vector.compare?.unordered ?? [])).toEqual([]);
    const actualToken = (response.json as Record<string, unknown>).next_page_token;
    if (typeof record.next_page_token === 'string' && typeof actualToken === 'string') {
      pageTokens.set(record.next_page_token, actualToken);
    }
    return;
  }
  // Non-JSON recordings: Flask's HTML error pages, /health, /version, empty bodies.
  if (recorded.status === 404) {
    checkErrorBody(response, 'ENDPOINT_NOT_FOUND');
  } else if (recorded.status === 405) {
    checkErrorBody(response, 'BAD_REQUEST');
    expect(response.headers.allow).toBeDefined();
  } else if (recorded.status === 204) {
    expect(response.headers.allow).toBeDefined();
    expect(response.text).toBe('');
  } else {
    expect(response.text).toBe(expectedBody);
  }
}

/**
 * Replays a vector file against a fresh tracking server over real HTTP (127.0.0.1, port 0), in
 * order, on SQLite and, when MILLRACE_TEST_POSTGRES_URL is set, on PostgreSQL. Each exchange is
 * one test; placeholders and page tokens are bound as the vectors' README says.
 */
export function replayTrackingVectors(options: ReplayOptions): void {
  const vectors = readTrackingVectors(options.file);
  const divergences = options.divergences ?? {};
  const notReplayed = options.notReplayed ?? {};
  for (const id of [...Object.keys(divergences), ...Object.keys(notReplayed)]) {
    if (!vectors.some((vector) => vector.id === id)) throw new Error(`${options.file} has no vector ${id}.`);
  }

  for (const backend of trackingBackends()) {
    describe(`${options.file} vectors (${backend.name})`, () => {
      let server: RunningTrackingServer;
      const bindings = new PlaceholderBindings();
      const pageTokens = new Map<string, string>();

      beforeAll(async () => {
        server = await startTrackingServer(backend, options.appOptions?.());
      });

      afterAll(async () => {
        await server.close();
      });

      const transform = options.transformRecorded ?? ((body: unknown) => body);
      for (const vector of vectors.filter((candidate) => notReplayed[candidate.id] === undefined)) {
        const divergence = divergences[vector.id];
        const recordedBody = transform(vector.response.body);
        const title = divergence === undefined ? vector.id : `${vector.id} (diverges: ${divergence.reason})`;
        it(title, async () => {
          // Distinct milliseconds between exchanges, so that orderings by creation time are as recorded.
          await delay(2);
          const request = vectorRequest(vector, bindings, pageTokens);
          const response = await sendRaw(
            server.url,
            request.method,
            request.path,
            request.headers,
            request.body,
          );
          if (divergence === undefined) {
            expect(response.status, response.text.slice(0, 500)).toBe(vector.response.status);
            checkRecorded(vector, response, bindings, pageTokens, recordedBody);
            return;
          }
          switch (divergence.kind) {
            case 'error':
              expect(response.status, response.text.slice(0, 500)).toBe(divergence.status);
              checkErrorBody(response, divergence.errorCode);
              return;
            case 'body':
              expect(response.status, response.text.slice(0, 500)).toBe(
                divergence.status ?? vector.response.status,
              );
              checkRecorded(vector, response, bindings, pageTokens, divergence.body(recordedBody, bindings));
              return;
            case 'check':
              divergence.check(response, bindings);
              return;
          }
        });
      }
    });
  }
}
