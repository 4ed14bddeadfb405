import {
  asRecord,
  keyValueMap,
  listField,
  optionalNumber,
  optionalString,
  stringField,
} from '../wire/wire-reader.js';
import { modelVersionFromWire, type ModelVersion } from './model-version.js';

/** A registered model (MLflow's `RegisteredModel`). */
export interface RegisteredModel {
  name: string;
  creationTimestamp?: number;
  lastUpdatedTimestamp?: number;
  description?: string;
  /** The highest version of each stage. */
  latestVersions: ModelVersion[];
  tags: Record<string, string>;
  /** Alias → version. */
  aliases: Record<string, string>;
}

export function registeredModelFromWire(value: unknown): RegisteredModel {
  const record = asRecord(value, 'registered model');
  const aliases: Record<string, string> = {};
  for (const item of listField(record, 'aliases')) {
    const alias = asRecord(item, 'alias');
    aliases[stringField(alias, 'alias')] = stringField(alias, 'version');
  }
  const model: RegisteredModel = {
    name: stringField(record, 'name'),
    latestVersions: listField(record, 'latest_versions').map(modelVersionFromWire),
    tags: keyValueMap(record, 'tags'),
    aliases,
  };
  const creationTimestamp = optionalNumber(record, 'creation_timestamp');
  if (creationTimestamp !== undefined) model.creationTimestamp = creationTimestamp;
  const lastUpdatedTimestamp = optionalNumber(record, 'last_updated_timestamp');
  if (lastUpdatedTimestamp !== undefined) model.lastUpdatedTimestamp = lastUpdatedTimestamp;
  const description = optionalString(record, 'description');
  if (description !== undefined) model.description = description;
  return model;
}
