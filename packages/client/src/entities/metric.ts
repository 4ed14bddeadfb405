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

/** The characters MLflow allows in metric, param and tag keys. */
const KEY_CHARACTERS = /^[/\w.\- :]*$/;
const MAX_KEY_LENGTH = 250;

/**
 * Checks a key by the server's rules (tracking-api.md §2.4): only letters, digits, `_ - . : /` and
 * spaces, at most 250 characters, and no path tricks (`/x`, `a//b`, `./x`, `../x`, `x/`). Queued
 * metrics are checked when logged, so a bad key fails at once instead of failing a whole batch later.
 */
export function validateEntityKey(key: string, what: string): void {
  if (typeof key !== 'string' || key === '') {
    throw MillraceError.invalidParameterValue(`A ${what} needs a non-empty string key.`);
  }
  if (!KEY_CHARACTERS.test(key)) {
    throw MillraceError.invalidParameterValue(
      `Invalid ${what} key '${key}': keys may only contain letters, digits, underscores, dashes, periods, spaces, colons and slashes.`,
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw MillraceError.invalidParameterValue(
      `Invalid ${what} key '${key.slice(0, 40)}…': longer than ${MAX_KEY_LENGTH} characters.`,
    );
  }
  const segments = key.split('/');
  if (
    key.startsWith('/') ||
    segments.some((segment, index) => segment === '.' || segment === '..' || (segment === '' && index > 0))
  ) {
    throw MillraceError.invalidParameterValue(
      `Invalid ${what} key '${key}': read as a file path it would name another path (no leading or doubled slashes, no '.' or '..' segments).`,
    );
  }
}

/** Checks a metric before it is queued or sent: key rules, a numeric value (booleans are refused, as by MLflow), integer step and timestamp. */
export function validateMetricInput(metric: MetricInput): void {
  validateEntityKey(metric.key, 'metric');
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
  if (metric.timestamp !== undefined && metric.timestamp < 0) {
    throw MillraceError.invalidParameterValue(
      `The timestamp of metric '${metric.key}' must be non-negative epoch milliseconds, got ${metric.timestamp}.`,
    );
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
