import {
  asRecord,
  keyValueMap,
  listField,
  optionalNumber,
  optionalString,
  stringField,
} from '../wire/wire-reader.js';

/** A model version's registration status. A missing status reads as the first enum value, as in MLflow's client. */
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

const STATUSES: readonly ModelVersionStatus[] = ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'];

/** A version of a registered model (MLflow's `ModelVersion`). */
export interface ModelVersion {
  name: string;
  /** The version number, as a decimal string (`"1"`). */
  version: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  userId?: string;
  /** `None`, `Staging`, `Production` or `Archived`. */
  currentStage: string;
  description?: string;
  /** Where the model came from (`models:/m-…`, `runs:/…`, an artifact URI). */
  source: string;
  runId?: string;
  runLink?: string;
  modelId?: string;
  status: ModelVersionStatus;
  statusMessage?: string;
  tags: Record<string, string>;
  aliases: string[];
}

export function modelVersionFromWire(value: unknown): ModelVersion {
  const record = asRecord(value, 'model version');
  const status = stringField(record, 'status', 'PENDING_REGISTRATION');
  const version: ModelVersion = {
    name: stringField(record, 'name'),
    version: stringField(record, 'version'),
    currentStage: stringField(record, 'current_stage', 'None'),
    source: stringField(record, 'source'),
    status: (STATUSES as readonly string[]).includes(status)
      ? (status as ModelVersionStatus)
      : 'PENDING_REGISTRATION',
    tags: keyValueMap(record, 'tags'),
    aliases: listField(record, 'aliases').map((alias) => String(alias)),
  };
  const optionalNumbers = [
    ['creationTimestamp', 'creation_timestamp'],
    ['lastUpdatedTimestamp', 'last_updated_timestamp'],
  ] as const;
  for (const [property, key] of optionalNumbers) {
    const number = optionalNumber(record, key);
    if (number !== undefined) version[property] = number;
  }
  const optionalStrings = [
    ['userId', 'user_id'],
    ['description', 'description'],
    ['runId', 'run_id'],
    ['runLink', 'run_link'],
    ['modelId', 'model_id'],
    ['statusMessage', 'status_message'],
  ] as const;
  for (const [property, key] of optionalStrings) {
    const text = optionalString(record, key);
    if (text !== undefined && text !== '') version[property] = text;
  }
  return version;
}
