import type { Int64, Metric } from '@millrace/store';
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

/** log-metric's fields; a point with a model_id (MLflow 3) is recorded on that logged model too. */
const metricFields = () => ({
  key: stringField({ required: true }),
  value: doubleField({ required: true }),
  timestamp: int64Field({ required: true }),
  step: int64Field(),
  model_id: stringField(),
  dataset_name: stringField(),
  dataset_digest: stringField(),
});

interface MetricRequest {
  key: string;
  value: number;
  timestamp: Int64;
  step?: Int64 | undefined;
  model_id?: string | undefined;
  dataset_name?: string | undefined;
  dataset_digest?: string | undefined;
}

function toMetric(request: MetricRequest): Metric {
  const metric: Metric = {
    key: request.key,
    value: request.value,
    timestamp: request.timestamp,
    step: request.step ?? 0,
  };
  if (request.model_id !== undefined && request.model_id !== '') metric.modelId = request.model_id;
  if (request.dataset_name !== undefined && request.dataset_name !== '')
    metric.datasetName = request.dataset_name;
  if (request.dataset_digest !== undefined && request.dataset_digest !== '') {
    metric.datasetDigest = request.dataset_digest;
  }
  return metric;
}

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

/** Logging RPCs (tracking spec §3.2): metrics, params, tags, batches, inputs, outputs. */
export const loggingRpcs: readonly Rpc[] = [
  defineRpc({
    name: 'logMetric',
    method: 'POST',
    path: '/mlflow/runs/log-metric',
    majorVersion: 2,
    runIdAlias: true,
    request: { run_id: runId(), ...metricFields() },
    async handle(request, { trackingStore }) {
      await trackingStore.logMetric(request.run_id, toMetric(request));
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
        metrics: request.metrics.map(toMetric),
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
    request: {
      run_id: runId(),
      datasets: listField(datasetInputField()),
      models: listField(messageField({ model_id: stringField({ required: true }) })),
    },
    async handle(request, { trackingStore }) {
      await trackingStore.logInputs(request.run_id, {
        models: request.models.map((model) => ({ modelId: model.model_id })),
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
  defineRpc({
    // MLflow 3: the logged models a run produced (mlflow.<flavor>.log_model calls it).
    name: 'logOutputs',
    method: 'POST',
    path: '/mlflow/runs/outputs',
    majorVersion: 2,
    runIdAlias: true,
    request: {
      run_id: runId(),
      models: listField(messageField({ model_id: stringField({ required: true }), step: int64Field() })),
    },
    async handle(request, { trackingStore }) {
      await trackingStore.logOutputs(
        request.run_id,
        request.models.map((model) => ({ modelId: model.model_id, step: model.step ?? 0 })),
      );
      return {};
    },
  }),
];
