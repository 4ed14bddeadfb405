import {
  asRecord,
  keyValueMap,
  listField,
  numberField,
  optionalNumber,
  recordField,
  stringField,
  type WireRecord,
} from '../wire/wire-reader.js';
import { metricFromWire, type Metric } from './metric.js';

/** A run's status (MLflow's RunStatus). */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

/** Run metadata (MLflow's `RunInfo`). */
export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  /** Epoch ms. */
  startTime: number;
  endTime?: number;
  /** e.g. `mlflow-artifacts:/1/<run_id>/artifacts`. */
  artifactUri: string;
  /** `active` or `deleted`. */
  lifecycleStage: string;
}

/** Logged values: the latest value of each metric, params and tags as maps (as in MLflow's Python `RunData`). */
export interface RunData {
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** The metrics with their step and timestamp. */
  metricList: Metric[];
}

/** A dataset a run used (MLflow 2.4+ `DatasetInput`). */
export interface DatasetInput {
  dataset: {
    name: string;
    digest: string;
    sourceType: string;
    source: string;
    schema?: string;
    profile?: string;
  };
  tags: Record<string, string>;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  /** MLflow 3: logged models the run used. */
  modelInputs: { modelId: string }[];
}

export interface RunOutputs {
  /** MLflow 3: logged models the run produced. */
  modelOutputs: { modelId: string; step: number }[];
}

/** A run (MLflow's `Run`). */
export interface Run {
  info: RunInfo;
  data: RunData;
  inputs: RunInputs;
  outputs: RunOutputs;
}

function runStatus(value: string): RunStatus {
  // MLflow's clients read a missing status as RUNNING.
  return (RUN_STATUSES as readonly string[]).includes(value) ? (value as RunStatus) : 'RUNNING';
}

export function runInfoFromWire(value: unknown): RunInfo {
  const record = asRecord(value, 'run info');
  const runId = stringField(record, 'run_id', stringField(record, 'run_uuid'));
  const info: RunInfo = {
    runId,
    runName: stringField(record, 'run_name'),
    experimentId: stringField(record, 'experiment_id'),
    userId: stringField(record, 'user_id'),
    status: runStatus(stringField(record, 'status', 'RUNNING')),
    startTime: numberField(record, 'start_time'),
    artifactUri: stringField(record, 'artifact_uri'),
    lifecycleStage: stringField(record, 'lifecycle_stage', 'active'),
  };
  const endTime = optionalNumber(record, 'end_time');
  if (endTime !== undefined) info.endTime = endTime;
  return info;
}

function datasetInputFromWire(value: unknown): DatasetInput {
  const record = asRecord(value, 'dataset input');
  const dataset = recordField(record, 'dataset');
  const input: DatasetInput = {
    dataset: {
      name: stringField(dataset, 'name'),
      digest: stringField(dataset, 'digest'),
      sourceType: stringField(dataset, 'source_type'),
      source: stringField(dataset, 'source'),
    },
    tags: keyValueMap(record, 'tags'),
  };
  const schema = dataset.schema;
  if (typeof schema === 'string') input.dataset.schema = schema;
  const profile = dataset.profile;
  if (typeof profile === 'string') input.dataset.profile = profile;
  return input;
}

export function runFromWire(value: unknown): Run {
  const record = asRecord(value, 'run');
  const data: WireRecord = recordField(record, 'data');
  const inputs = recordField(record, 'inputs');
  const outputs = recordField(record, 'outputs');
  const metricList = listField(data, 'metrics').map(metricFromWire);
  return {
    info: runInfoFromWire(recordField(record, 'info')),
    data: {
      metrics: Object.fromEntries(metricList.map((metric) => [metric.key, metric.value])),
      params: keyValueMap(data, 'params'),
      tags: keyValueMap(data, 'tags'),
      metricList,
    },
    inputs: {
      datasetInputs: listField(inputs, 'dataset_inputs').map(datasetInputFromWire),
      modelInputs: listField(inputs, 'model_inputs').map((item) => ({
        modelId: stringField(asRecord(item, 'model input'), 'model_id'),
      })),
    },
    outputs: {
      modelOutputs: listField(outputs, 'model_outputs').map((item) => {
        const output = asRecord(item, 'model output');
        return { modelId: stringField(output, 'model_id'), step: numberField(output, 'step') };
      }),
    },
  };
}
