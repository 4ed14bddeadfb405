import {
  asRecord,
  keyValueMap,
  listField,
  numberField,
  optionalString,
  recordField,
  stringField,
} from '../wire/wire-reader.js';
import { metricFromWire, type Metric } from './metric.js';

/** An MLflow 3 logged model's status. */
export type LoggedModelStatus =
  | 'LOGGED_MODEL_STATUS_UNSPECIFIED'
  | 'LOGGED_MODEL_PENDING'
  | 'LOGGED_MODEL_READY'
  | 'LOGGED_MODEL_UPLOAD_FAILED';

const STATUSES: readonly LoggedModelStatus[] = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
];

/** An MLflow 3 logged model (`LoggedModel`): created PENDING, finalized READY once its files are uploaded. */
export interface LoggedModel {
  /** `m-<32 hex>`. */
  modelId: string;
  experimentId: string;
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  /** e.g. `mlflow-artifacts:/1/models/m-…/artifacts`. */
  artifactUri: string;
  status: LoggedModelStatus;
  statusMessage?: string;
  creatorId?: string;
  modelType?: string;
  sourceRunId?: string;
  tags: Record<string, string>;
  params: Record<string, string>;
  metrics: Metric[];
  /** Registered model versions made from this model. */
  registrations: { name: string; version: string }[];
}

export function loggedModelFromWire(value: unknown): LoggedModel {
  const record = asRecord(value, 'logged model');
  const info = recordField(record, 'info');
  const data = recordField(record, 'data');
  const status = stringField(info, 'status', 'LOGGED_MODEL_STATUS_UNSPECIFIED');
  const model: LoggedModel = {
    modelId: stringField(info, 'model_id'),
    experimentId: stringField(info, 'experiment_id'),
    name: stringField(info, 'name'),
    creationTimestamp: numberField(info, 'creation_timestamp_ms'),
    lastUpdatedTimestamp: numberField(info, 'last_updated_timestamp_ms'),
    artifactUri: stringField(info, 'artifact_uri'),
    status: (STATUSES as readonly string[]).includes(status)
      ? (status as LoggedModelStatus)
      : 'LOGGED_MODEL_STATUS_UNSPECIFIED',
    tags: keyValueMap(info, 'tags'),
    params: keyValueMap(data, 'params'),
    metrics: listField(data, 'metrics').map(metricFromWire),
    registrations: listField(info, 'registrations').map((item) => {
      const registration = asRecord(item, 'registration');
      return { name: stringField(registration, 'name'), version: stringField(registration, 'version') };
    }),
  };
  const optionalStrings = [
    ['statusMessage', 'status_message'],
    ['creatorId', 'creator_id'],
    ['modelType', 'model_type'],
    ['sourceRunId', 'source_run_id'],
  ] as const;
  for (const [property, key] of optionalStrings) {
    const text = optionalString(info, key);
    if (text !== undefined && text !== '') model[property] = text;
  }
  return model;
}
