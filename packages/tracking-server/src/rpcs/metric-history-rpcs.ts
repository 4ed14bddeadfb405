import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import { int64Field, integerField, stringField, stringListField } from '../rpc/fields.js';
import { metricToWire, metricWithRunIdToWire } from '../wire/tracking-wire.js';

/** Metric history RPCs (tracking spec §3.3). */
export const metricHistoryRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'getMetricHistory',
    method: 'GET',
    path: '/mlflow/metrics/get-history',
    majorVersion: 2,
    runIdAlias: true,
    request: {
      run_id: stringField({ required: true }),
      metric_key: stringField({ required: true }),
      max_results: integerField(),
      page_token: stringField(),
    },
    async handle(request, { trackingStore }) {
      const page = await trackingStore.getMetricHistory(request.run_id, request.metric_key, {
        maxResults: request.max_results,
        pageToken: request.page_token,
      });
      return {
        metrics: page.items.length === 0 ? undefined : page.items.map(metricToWire),
        next_page_token: page.nextPageToken,
      };
    },
  }),
  defineRpc({
    name: 'getMetricHistoryBulkInterval',
    method: 'GET',
    path: '/mlflow/metrics/get-history-bulk-interval',
    majorVersion: 2,
    repeatedFields: ['run_ids'],
    request: {
      run_ids: stringListField(),
      metric_key: stringField({ required: true }),
      start_step: int64Field(),
      end_step: int64Field(),
      max_results: integerField(),
    },
    async handle(request, { trackingStore }) {
      const metrics = await trackingStore.getMetricHistoryBulkInterval({
        runIds: request.run_ids,
        metricKey: request.metric_key,
        startStep: request.start_step,
        endStep: request.end_step,
        maxResults: request.max_results,
      });
      return { metrics: metrics.length === 0 ? undefined : metrics.map(metricWithRunIdToWire) };
    },
  }),
  defineRpc({
    // The web UI's route: plain JSON (the list is always present), run ids under `run_id`.
    name: 'getMetricHistoryBulk',
    method: 'GET',
    path: '/mlflow/metrics/get-history-bulk',
    majorVersion: 2,
    ajaxOnly: true,
    repeatedFields: ['run_id'],
    request: {
      run_id: stringListField(),
      metric_key: stringField({ required: true }),
      max_results: integerField(),
    },
    async handle(request, { trackingStore }) {
      const metrics = await trackingStore.getMetricHistories({
        runIds: request.run_id,
        metricKey: request.metric_key,
        maxResults: request.max_results,
      });
      return { metrics: metrics.map(metricWithRunIdToWire) };
    },
  }),
];
