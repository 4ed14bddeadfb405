import type { LoggedModel, LoggedModelMetric } from '@millrace/store';
import type { WireValue } from '../http/wire-json.js';
import { keyValuesToWire } from './tracking-wire.js';

/** A logged model's metric point: the run that logged it and the model it is about, with its dataset if any. */
function loggedModelMetricToWire(metric: LoggedModelMetric): WireValue {
  return {
    key: metric.key,
    value: metric.value,
    timestamp: metric.timestamp,
    step: metric.step,
    dataset_name: metric.datasetName,
    dataset_digest: metric.datasetDigest,
    model_id: metric.modelId,
    run_id: metric.runId,
  };
}

/** A LoggedModel in MLflow's proto-JSON shape (tracking spec §2.9); `model_type` and `source_run_id` are kept when ''. */
export function loggedModelToWire(model: LoggedModel): WireValue {
  const { info, data } = model;
  return {
    info: {
      model_id: info.modelId,
      experiment_id: info.experimentId,
      name: info.name,
      creation_timestamp_ms: info.creationTimestampMs,
      last_updated_timestamp_ms: info.lastUpdatedTimestampMs,
      artifact_uri: info.artifactUri,
      status: info.status,
      model_type: info.modelType,
      source_run_id: info.sourceRunId,
      status_message: info.statusMessage,
      tags: keyValuesToWire(info.tags),
    },
    data: {
      params: keyValuesToWire(data.params),
      metrics: data.metrics.length === 0 ? undefined : data.metrics.map(loggedModelMetricToWire),
    },
  };
}
