import type { ModelVersion, RegisteredModel, RegisteredModelAlias } from '@millrace/store';
import type { WireValue } from '../http/wire-json.js';
import { keyValuesToWire } from './tracking-wire.js';

/*
 * Registry entities in MLflow's proto-JSON shape (tracking spec §2.10): unset fields and empty
 * lists left out; fields set to '' (a version's description, run_id, run_link) kept.
 */

export function modelVersionToWire(version: ModelVersion): WireValue {
  return {
    name: version.name,
    version: version.version,
    creation_timestamp: version.creationTimestamp,
    last_updated_timestamp: version.lastUpdatedTimestamp,
    user_id: version.userId,
    current_stage: version.currentStage,
    description: version.description,
    source: version.source,
    run_id: version.runId,
    status: version.status,
    status_message: version.statusMessage,
    tags: keyValuesToWire(version.tags),
    run_link: version.runLink,
    aliases: version.aliases.length === 0 ? undefined : version.aliases,
  };
}

function aliasToWire(alias: RegisteredModelAlias): WireValue {
  return { alias: alias.alias, version: alias.version };
}

export function registeredModelToWire(model: RegisteredModel): WireValue {
  return {
    name: model.name,
    creation_timestamp: model.creationTimestamp,
    last_updated_timestamp: model.lastUpdatedTimestamp,
    description: model.description,
    latest_versions:
      model.latestVersions.length === 0 ? undefined : model.latestVersions.map(modelVersionToWire),
    tags: keyValuesToWire(model.tags),
    aliases: model.aliases.length === 0 ? undefined : model.aliases.map(aliasToWire),
  };
}
