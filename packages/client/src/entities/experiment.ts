import { asRecord, keyValueMap, optionalNumber, stringField, type WireRecord } from '../wire/wire-reader.js';

/** Which experiments or runs a search returns. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** An experiment (MLflow's `Experiment`). */
export interface Experiment {
  experimentId: string;
  name: string;
  /** e.g. `mlflow-artifacts:/1`. */
  artifactLocation: string;
  /** `active` or `deleted`. */
  lifecycleStage: string;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Record<string, string>;
}

export function experimentFromWire(value: unknown): Experiment {
  const record: WireRecord = asRecord(value, 'experiment');
  const experiment: Experiment = {
    experimentId: stringField(record, 'experiment_id'),
    name: stringField(record, 'name'),
    artifactLocation: stringField(record, 'artifact_location'),
    lifecycleStage: stringField(record, 'lifecycle_stage', 'active'),
    tags: keyValueMap(record, 'tags'),
  };
  const creationTime = optionalNumber(record, 'creation_time');
  if (creationTime !== undefined) experiment.creationTime = creationTime;
  const lastUpdateTime = optionalNumber(record, 'last_update_time');
  if (lastUpdateTime !== undefined) experiment.lastUpdateTime = lastUpdateTime;
  return experiment;
}
