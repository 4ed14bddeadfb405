import type {
  DatasetInput,
  Experiment,
  KeyValue,
  Metric,
  MetricWithRunId,
  ModelInput,
  ModelOutput,
  Run,
  RunInfo,
} from '@millrace/store';
import type { WireValue } from '../http/wire-json.js';

/*
 * Entities in MLflow's proto-JSON shape: snake_case fields, unset fields and empty lists left out,
 * int64 values as numbers (bigints beyond 2^53), enums by name.
 */

export function keyValuesToWire(items: readonly KeyValue[]): WireValue {
  return items.length === 0 ? undefined : items.map((item) => ({ key: item.key, value: item.value }));
}

function listOrUndefined<T>(items: readonly T[], toWire: (item: T) => WireValue): WireValue {
  return items.length === 0 ? undefined : items.map(toWire);
}

export function experimentToWire(experiment: Experiment): WireValue {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    tags: keyValuesToWire(experiment.tags),
  };
}

export function runInfoToWire(info: RunInfo): WireValue {
  return {
    run_uuid: info.runId,
    experiment_id: info.experimentId,
    run_name: info.runName,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    end_time: info.endTime,
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
  };
}

export function metricToWire(metric: Metric): WireValue {
  return { key: metric.key, value: metric.value, timestamp: metric.timestamp, step: metric.step };
}

export function metricWithRunIdToWire(metric: MetricWithRunId): WireValue {
  return {
    key: metric.key,
    value: metric.value,
    timestamp: metric.timestamp,
    step: metric.step,
    run_id: metric.runId,
  };
}

function datasetInputToWire(input: DatasetInput): WireValue {
  const { dataset } = input;
  return {
    tags: keyValuesToWire(input.tags),
    dataset: {
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      schema: dataset.schema,
      profile: dataset.profile,
    },
  };
}

export interface RunWireOptions {
  /** runs/create answers without `outputs`; runs/get and runs/search with `outputs: {}`. */
  withOutputs: boolean;
}

function modelInputToWire(input: ModelInput): WireValue {
  return { model_id: input.modelId };
}

function modelOutputToWire(output: ModelOutput): WireValue {
  return { model_id: output.modelId, step: output.step };
}

export function runToWire(run: Run, options: RunWireOptions): WireValue {
  return {
    info: runInfoToWire(run.info),
    data: {
      metrics: listOrUndefined(run.data.metrics, metricToWire),
      params: keyValuesToWire(run.data.params),
      tags: keyValuesToWire(run.data.tags),
    },
    inputs: {
      dataset_inputs: listOrUndefined(run.inputs.datasetInputs, datasetInputToWire),
      model_inputs: listOrUndefined(run.inputs.modelInputs, modelInputToWire),
    },
    outputs: options.withOutputs
      ? { model_outputs: listOrUndefined(run.outputs.modelOutputs, modelOutputToWire) }
      : undefined,
  };
}
