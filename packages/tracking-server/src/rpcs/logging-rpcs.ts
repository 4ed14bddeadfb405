import { defineRpc, type Rpc } from '../rpc/rpc-definition.js';
import {
  doubleField,
  int64Field,
  keyValueField,
  listField,
  messageField,
  stringField,
  stringWithDefault,
} from '../rpc/fields.js';

const runId = () => stringField({ required: true });

/** log-metric's fields; model_id, dataset_name and dataset_digest (MLflow 3) are accepted and not stored. */
const metricFields = () => ({
  key: stringField({ required: true }),
  value: doubleField({ required: true }),
  timestamp: int64Field({ required: true }),
  step: int64Field(),
});

const datasetInputField = () =>
  messageField({
    tags: listField(keyValueField()),
    dataset: messageField({
      name: stringField({ required: true }),
      digest: stringWithDefault(),
      source_type: stringWithDefault(),
      source: stringWithDefault(),
      schema: stringField(),
      profile: stringField(),
    }),
  });

/** Logging RPCs (tracking spec §3.2): metrics, params, tags, batches, inputs. */
export const loggingRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'logMetric',
    method: 'POST',
    path: '/mlflow/runs/log-metric',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId(), ...metricFields() },
    async handle(request, { trackingStore }) {
      await trackingStore.logMetric(request.run_id, {
        key: request.key,
        value: request.value,
        timestamp: request.timestamp,
        step: request.step ?? 0,
      });
      return {};
    },
  }),
  defineRpc({
    name: 'logParam',
    method: 'POST',
    path: '/mlflow/runs/log-parameter',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId(), key: stringField({ required: true }), value: stringWithDefault() },
    async handle(request, { trackingStore }) {
      await trackingStore.logParam(request.run_id, { key: request.key, value: request.value });
      return {};
    },
  }),
  defineRpc({
    name: 'setTag',
    method: 'POST',
    path: '/mlflow/runs/set-tag',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId(), key: stringField({ required: true }), value: stringWithDefault() },
    async handle(request, { trackingStore }) {
      await trackingStore.setTag(request.run_id, { key: request.key, value: request.value });
      return {};
    },
  }),
  defineRpc({
    // As in MLflow, delete-tag reads `run_id` only (no `run_uuid` fallback); without it the run is "not found".
    name: 'deleteTag',
    method: 'POST',
    path: '/mlflow/runs/delete-tag',
    majorVersion: 2,
    request: { run_id: stringWithDefault(), key: stringField({ required: true }) },
    async handle(request, { trackingStore }) {
      await trackingStore.deleteTag(request.run_id, request.key);
      return {};
    },
  }),
  defineRpc({
    name: 'logBatch',
    method: 'POST',
    path: '/mlflow/runs/log-batch',
    majorVersion: 2,
    runIdAlias: true,
    request: {
      run_id: runId(),
      metrics: listField(messageField(metricFields())),
      params: listField(keyValueField()),
      tags: listField(keyValueField()),
    },
    async handle(request, { trackingStore }) {
      await trackingStore.logBatch(request.run_id, {
        metrics: request.metrics.map((metric) => ({
          key: metric.key,
          value: metric.value,
          timestamp: metric.timestamp,
          step: metric.step ?? 0,
        })),
        params: request.params,
        tags: request.tags,
      });
      return {};
    },
  }),
  defineRpc({
    name: 'logInputs',
    method: 'POST',
    path: '/mlflow/runs/log-inputs',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId(), datasets: listField(datasetInputField()) },
    async handle(request, { trackingStore }) {
      await trackingStore.logInputs(request.run_id, {
        datasets: request.datasets.map((input) => ({
          tags: input.tags,
          dataset: {
            name: input.dataset.name,
            digest: input.dataset.digest,
            sourceType: input.dataset.source_type,
            source: input.dataset.source,
            ...(input.dataset.schema === undefined ? {} : { schema: input.dataset.schema }),
            ...(input.dataset.profile === undefined ? {} : { profile: input.dataset.profile }),
          },
        })),
      });
      return {};
    },
  }),
];
