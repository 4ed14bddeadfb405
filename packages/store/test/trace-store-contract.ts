import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StartTraceInput, TraceInfo, TraceStore, TrackingStore } from '../src/index.js';
import { storeFailure } from './store-failure.js';
import { SteppingClock, type StoresContractOptions, type StoresFixture } from './stores-fixture.js';

const TRACE_A = 'tr-0000000000000000000000000000000a';
const TRACE_B = 'tr-0000000000000000000000000000000b';
const TRACE_C = 'tr-0000000000000000000000000000000c';

function ids(traces: readonly TraceInfo[]): string[] {
  return traces.map((trace) => trace.traceId);
}

/**
 * The behaviour every TraceStore must have (tracking spec §2.11, §3.4.5, §3.7.1), one rule per
 * test. Runs unchanged on every dialect: `runTraceStoreContract({ name: 'SQLite', createStores })`.
 */
export function runTraceStoreContract(options: StoresContractOptions): void {
  describe(`TraceStore contract (${options.name})`, () => {
    let fixture: StoresFixture;
    let store: TraceStore;
    let tracking: TrackingStore;
    let experimentId: string;

    const start = (traceId: string, input: Partial<StartTraceInput> = {}): Promise<TraceInfo> =>
      store.startTrace({ traceId, experimentId, requestTimeMs: 1_718_000_000_000, state: 'OK', ...input });

    beforeEach(async () => {
      fixture = await options.createStores(new SteppingClock().now);
      store = fixture.traceStore;
      tracking = fixture.trackingStore;
      experimentId = await tracking.createExperiment({ name: 'traces' });
    });

    afterEach(async () => {
      await fixture.close();
    });

    describe('start and get', () => {
      it('records the trace info and adds the artifact location tag and the finalized metadata', async () => {
        const started = await start(TRACE_A, {
          clientRequestId: 'req-1',
          requestPreview: '{"a": 1}',
          responsePreview: '3',
          executionDurationMs: 42,
          traceMetadata: { 'mlflow.trace_schema.version': '3' },
          tags: { 'mlflow.traceName': 'add' },
        });
        const expected: TraceInfo = {
          traceId: TRACE_A,
          experimentId,
          clientRequestId: 'req-1',
          requestPreview: '{"a": 1}',
          responsePreview: '3',
          requestTimeMs: 1_718_000_000_000,
          executionDurationMs: 42,
          state: 'OK',
          traceMetadata: { 'mlflow.trace_schema.version': '3', 'mlflow.trace.infoFinalized': 'true' },
          tags: {
            'mlflow.traceName': 'add',
            'mlflow.artifactLocation': `mlflow-artifacts:/${experimentId}/traces/${TRACE_A}/artifacts`,
          },
        };
        expect(started).toEqual(expected);
        expect(await store.getTraceInfo(TRACE_A)).toEqual(expected);
      });

      it('leaves out what the client did not send', async () => {
        const started = await store.startTrace({ traceId: TRACE_A, experimentId, requestTimeMs: 5 });
        expect(started.state).toBe('STATE_UNSPECIFIED');
        expect(started).not.toHaveProperty('executionDurationMs');
        expect(started).not.toHaveProperty('clientRequestId');
        expect(started).not.toHaveProperty('requestPreview');
      });

      it('upserts a trace started twice: new values win, earlier tags stay', async () => {
        await start(TRACE_A, { state: 'IN_PROGRESS', tags: { first: '1' } });
        const again = await start(TRACE_A, { state: 'ERROR', executionDurationMs: 7, tags: { second: '2' } });
        expect(again.state).toBe('ERROR');
        expect(again.executionDurationMs).toBe(7);
        expect(again.tags).toMatchObject({ first: '1', second: '2' });
        expect(ids((await store.searchTraces({ experimentIds: [experimentId] })).items)).toEqual([TRACE_A]);
      });

      it('cuts previews to 1000 characters', async () => {
        const started = await start(TRACE_A, { requestPreview: 'x'.repeat(1500) });
        expect(started.requestPreview).toBe('x'.repeat(1000));
      });

      it('refuses unknown or deleted experiments and ids that are not path-safe', async () => {
        const missing = await storeFailure(() => start(TRACE_A, { experimentId: '99999' }));
        expect(missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        await tracking.deleteExperiment(experimentId);
        const deleted = await storeFailure(() => start(TRACE_A));
        expect(deleted.errorCode).toBe('INVALID_PARAMETER_VALUE');
        for (const traceId of ['../escape', 'a/b', '', 'tr-x.y']) {
          const refused = await storeFailure(() =>
            store.startTrace({ traceId, experimentId: '0', requestTimeMs: 1 }),
          );
          expect(refused.errorCode).toBe('INVALID_PARAMETER_VALUE');
        }
      });

      it('refuses the same trace id in another experiment', async () => {
        await start(TRACE_A);
        const other = await tracking.createExperiment({ name: 'other' });
        const error = await storeFailure(() => start(TRACE_A, { experimentId: other }));
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
      });

      it('answers RESOURCE_DOES_NOT_EXIST for an unknown trace', async () => {
        const error = await storeFailure(() => store.getTraceInfo(TRACE_B));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.message).toBe(`Trace with ID '${TRACE_B}' not found.`);
      });

      it('batch-gets known traces in the order asked', async () => {
        await start(TRACE_A);
        await start(TRACE_B);
        expect(ids(await store.batchGetTraceInfos([TRACE_B, TRACE_C, TRACE_A, TRACE_B]))).toEqual([
          TRACE_B,
          TRACE_A,
        ]);
      });
    });

    describe('tags', () => {
      it('sets, overwrites and deletes tags', async () => {
        await start(TRACE_A);
        await store.setTraceTag(TRACE_A, 'reviewed', 'no');
        await store.setTraceTag(TRACE_A, 'reviewed', 'yes');
        expect((await store.getTraceInfo(TRACE_A)).tags.reviewed).toBe('yes');
        await store.deleteTraceTag(TRACE_A, 'reviewed');
        expect((await store.getTraceInfo(TRACE_A)).tags).not.toHaveProperty('reviewed');
      });

      it('answers RESOURCE_DOES_NOT_EXIST for an unknown trace or tag', async () => {
        expect((await storeFailure(() => store.setTraceTag(TRACE_B, 'k', 'v'))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        await start(TRACE_A);
        const error = await storeFailure(() => store.deleteTraceTag(TRACE_A, 'absent'));
        expect(error.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
        expect(error.message).toBe(`No trace tag with key 'absent' for trace with ID '${TRACE_A}'`);
      });

      it('refuses keys over 250 characters and cuts values to 8000', async () => {
        await start(TRACE_A);
        const error = await storeFailure(() => store.setTraceTag(TRACE_A, 'k'.repeat(251), 'v'));
        expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        await store.setTraceTag(TRACE_A, 'long', 'v'.repeat(9000));
        expect((await store.getTraceInfo(TRACE_A)).tags.long).toHaveLength(8000);
      });
    });

    describe('search', () => {
      beforeEach(async () => {
        await start(TRACE_A, {
          requestTimeMs: 1000,
          executionDurationMs: 50,
          state: 'OK',
          tags: { 'mlflow.traceName': 'chat', env: 'prod' },
          traceMetadata: { 'mlflow.sourceRun': 'run1' },
        });
        await start(TRACE_B, {
          requestTimeMs: 2000,
          executionDurationMs: 10,
          state: 'ERROR',
          tags: { 'mlflow.traceName': 'Chat' },
        });
        await start(TRACE_C, { requestTimeMs: 3000, state: 'OK', tags: { env: 'dev' } });
      });

      const search = async (filter?: string, orderBy?: string[]): Promise<string[]> =>
        ids((await store.searchTraces({ experimentIds: [experimentId], filter, orderBy })).items);

      it('returns newest first by default', async () => {
        expect(await search()).toEqual([TRACE_C, TRACE_B, TRACE_A]);
      });

      it('filters on attributes, tags, metadata, name and run_id', async () => {
        expect(await search("status = 'ERROR'")).toEqual([TRACE_B]);
        expect(await search("trace.state IN ('OK')")).toEqual([TRACE_C, TRACE_A]);
        expect(await search('timestamp_ms > 1500 AND timestamp_ms <= 3000')).toEqual([TRACE_C, TRACE_B]);
        expect(await search('execution_time_ms < 20')).toEqual([TRACE_B]);
        expect(await search('end_time_ms = 1050')).toEqual([TRACE_A]);
        expect(await search("tags.env = 'prod'")).toEqual([TRACE_A]);
        expect(await search('tags.env IS NULL')).toEqual([TRACE_B]);
        expect(await search("metadata.`mlflow.sourceRun` = 'run1'")).toEqual([TRACE_A]);
        expect(await search("run_id = 'run1'")).toEqual([TRACE_A]);
        expect(await search("name LIKE 'c%'")).toEqual([TRACE_A]);
        expect(await search("name ILIKE 'c%'")).toEqual([TRACE_B, TRACE_A]);
        expect(await search(`request_id = '${TRACE_C}'`)).toEqual([TRACE_C]);
      });

      it('orders by attributes with request_id as tie-breaker', async () => {
        expect(await search(undefined, ['execution_time_ms ASC'])).toEqual([TRACE_B, TRACE_A, TRACE_C]);
        expect(await search(undefined, ['execution_time_ms DESC'])).toEqual([TRACE_A, TRACE_B, TRACE_C]);
        expect(await search(undefined, ['status', 'timestamp_ms ASC'])).toEqual([TRACE_B, TRACE_A, TRACE_C]);
      });

      it('pages with tokens', async () => {
        const first = await store.searchTraces({ experimentIds: [experimentId], maxResults: 2 });
        expect(ids(first.items)).toEqual([TRACE_C, TRACE_B]);
        expect(first.nextPageToken).toBeDefined();
        const second = await store.searchTraces({
          experimentIds: [experimentId],
          maxResults: 2,
          pageToken: first.nextPageToken,
        });
        expect(ids(second.items)).toEqual([TRACE_A]);
        expect(second.nextPageToken).toBeUndefined();
      });

      it('refuses bad filters, order_by, page sizes and tokens', async () => {
        for (const query of [
          { filter: "span.name = 'x'" },
          { filter: "status = 'OK' OR status = 'ERROR'" },
          { filter: 'timestamp_ms > now' },
          { orderBy: ['tags.env'] },
          { maxResults: 501 },
          { maxResults: 0 },
          { pageToken: 'not a token' },
          { experimentIds: [] },
          { experimentIds: ['x'] },
        ]) {
          const error = await storeFailure(() =>
            store.searchTraces({ experimentIds: [experimentId], ...query }),
          );
          expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
        }
      });
    });

    describe('delete', () => {
      beforeEach(async () => {
        await start(TRACE_A, { requestTimeMs: 1000, tags: { t: '1' } });
        await start(TRACE_B, { requestTimeMs: 2000 });
        await start(TRACE_C, { requestTimeMs: 3000 });
      });

      it('deletes the given traces of the experiment', async () => {
        expect(await store.deleteTraces({ experimentId, traceIds: [TRACE_A, 'tr-unknown'] })).toBe(1);
        expect((await storeFailure(() => store.getTraceInfo(TRACE_A))).errorCode).toBe(
          'RESOURCE_DOES_NOT_EXIST',
        );
        expect(await store.deleteTraces({ experimentId: '0', traceIds: [TRACE_B] })).toBe(0);
      });

      it('deletes the oldest traces up to a time, at most max_traces', async () => {
        expect(await store.deleteTraces({ experimentId, maxTimestampMillis: 2500, maxTraces: 1 })).toBe(1);
        expect(ids((await store.searchTraces({ experimentIds: [experimentId] })).items)).toEqual([
          TRACE_C,
          TRACE_B,
        ]);
        expect(await store.deleteTraces({ experimentId, maxTimestampMillis: 2500 })).toBe(1);
      });

      it('keeps the traces of a (soft-)deleted experiment', async () => {
        await tracking.deleteExperiment(experimentId);
        expect((await store.getTraceInfo(TRACE_A)).traceId).toBe(TRACE_A);
      });

      it('refuses both or neither selector', async () => {
        for (const input of [
          { experimentId },
          { experimentId, maxTimestampMillis: 1, traceIds: [TRACE_A] },
          { experimentId, traceIds: [TRACE_A], maxTraces: 1 },
          { experimentId, maxTimestampMillis: 1, maxTraces: 0 },
        ]) {
          expect((await storeFailure(() => store.deleteTraces(input))).errorCode).toBe(
            'INVALID_PARAMETER_VALUE',
          );
        }
      });
    });
  });
}
