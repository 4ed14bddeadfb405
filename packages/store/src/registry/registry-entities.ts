import type { KeyValue } from '../tracking/tracking-entities.js';

/** Model version stages, canonical spelling (input is case-insensitive). */
export const MODEL_VERSION_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelVersionStage = (typeof MODEL_VERSION_STAGES)[number];
/** The stages `archive_existing_versions` may move other versions out of. */
export const ACTIVE_MODEL_VERSION_STAGES: readonly ModelVersionStage[] = ['Staging', 'Production'];
/** The stage of a deleted (redacted) model version: invisible to every API. */
export const DELETED_MODEL_VERSION_STAGE = 'Deleted_Internal';

export const MODEL_VERSION_STATUSES = ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'] as const;
/**
 * ModelVersionStatus by name. Versions are READY as soon as they are created; a client that sees
 * no status reads PENDING_REGISTRATION and polls for minutes (rule 20).
 */
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

/** The tag that marks a registered model (and its versions) as a prompt (MLflow 2.21+). */
export const PROMPT_TAG = 'mlflow.prompt.is_prompt';

export interface ModelVersion {
  name: string;
  /** The version number as a decimal string, from 1. */
  version: string;
  /** Epoch milliseconds. */
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId?: string;
  currentStage: ModelVersionStage;
  /** Absent once cleared (an update with no description on MLflow); '' when created without one. */
  description?: string;
  source: string;
  /** '' when created without one. */
  runId?: string;
  runLink?: string;
  status: ModelVersionStatus;
  statusMessage?: string;
  /** In the order they were first set. */
  tags: KeyValue[];
  /**
   * The aliases pointing at this version, sorted. Filled where MLflow fills them (get, create,
   * update, transition, get-by-alias, get-latest-versions); empty in searches and in a registered
   * model's `latestVersions`.
   */
  aliases: string[];
}

export interface RegisteredModelAlias {
  alias: string;
  /** The version number as a decimal string. */
  version: string;
}

export interface RegisteredModel {
  name: string;
  /** Epoch milliseconds. */
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description?: string;
  /**
   * For each stage, the highest version in it; stages in the order they first appear going up
   * the versions (MLflow's order).
   */
  latestVersions: ModelVersion[];
  /** In the order they were first set. */
  tags: KeyValue[];
  /** Sorted by alias. */
  aliases: RegisteredModelAlias[];
}
