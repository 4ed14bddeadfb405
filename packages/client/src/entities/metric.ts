import { MillraceError } from '@millrace/core';
import { asRecord, numberField, optionalString, stringField } from '../wire/wire-reader.js';

/** One metric value (MLflow's `Metric`). NaN and ±Infinity are allowed. */
export interface Metric {
  key: string;
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
  step: number;
  /** MLflow 3: the logged model and dataset the value is about. */
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
  /** Present in bulk-history answers. */
  runId?: string;
}

/** What callers give to log a metric: timestamp defaults to now, step to 0. */
export interface MetricInput {
  key: string;
  value: number;
  timestamp?: number;
  step?: number;
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

export function metricFromWire(value: unknown): Metric {
  const record = asRecord(value, 'metric');
  const metric: Metric = {
    key: stringField(record, 'key'),
    value: numberField(record, 'value'),
    timestamp: numberField(record, 'timestamp'),
    step: numberField(record, 'step'),
  };
  const modelId = optionalString(record, 'model_id');
  if (modelId !== undefined) metric.modelId = modelId;
  const datasetName = optionalString(record, 'dataset_name');
  if (datasetName !== undefined) metric.datasetName = datasetName;
  const datasetDigest = optionalString(record, 'dataset_digest');
  if (datasetDigest !== undefined) metric.datasetDigest = datasetDigest;
  const runId = optionalString(record, 'run_id');
  if (runId !== undefined) metric.runId = runId;
  return metric;
}

/** Checks a metric before it is queued or sent: a key and a numeric value (booleans are refused, as by MLflow). */
export function validateMetricInput(metric: MetricInput): void {
  if (typeof metric.key !== 'string' || metric.key === '') {
    throw MillraceError.invalidParameterValue('A metric needs a non-empty string key.');
  }
  if (typeof metric.value !== 'number') {
    throw MillraceError.invalidParameterValue(
      `Metric '${metric.key}' needs a number as its value (NaN and ±Infinity included), got ${typeof metric.value} ${String(metric.value)}.`,
    );
  }
  for (const [name, number] of [
    ['timestamp', metric.timestamp],
    ['step', metric.step],
  ] as const) {
    if (number !== undefined && !Number.isSafeInteger(number)) {
      throw MillraceError.invalidParameterValue(
        `The ${name} of metric '${metric.key}' must be an integer, got ${String(number)}.`,
      );
    }
  }
}

/** The wire form of a metric, timestamp and step filled in. */
export function metricToWire(metric: MetricInput, now = Date.now()): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    key: metric.key,
    value: metric.value,
    timestamp: metric.timestamp ?? now,
    step: metric.step ?? 0,
  };
  if (metric.modelId !== undefined) wire.model_id = metric.modelId;
  if (metric.datasetName !== undefined) wire.dataset_name = metric.datasetName;
  if (metric.datasetDigest !== undefined) wire.dataset_digest = metric.datasetDigest;
  return wire;
}
