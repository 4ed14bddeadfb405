import type { KeyValue, Page } from '../tracking/tracking-entities.js';
import type { ModelVersion, RegisteredModel } from './registry-entities.js';

export interface CreateRegisteredModelInput {
  name: string;
  tags?: KeyValue[];
  description?: string;
}

export interface UpdateDescriptionInput {
  /** Absent: unchanged; '' clears it. */
  description?: string;
}

export interface SearchRegisteredModelsQuery {
  /** `name` and `tags.<key>` with = != LIKE ILIKE. Prompts only show when the filter asks for them. */
  filter?: string;
  /** 1..1000. Default 100. */
  maxResults?: number;
  /** `name`, `timestamp` / `last_updated_timestamp`, `creation_timestamp`, with ASC/DESC. Default `name ASC`. */
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateModelVersionInput {
  /** The registered model, which must exist. */
  name: string;
  /**
   * Where the files are: a remote or `mlflow-artifacts:` URI, `runs:/<run_id>/<path>`,
   * `models:/<model_id>` (MLflow 3), `models:/<name>/<version>`, or a local path inside the
   * artifact directory of `runId` (or `modelId`).
   */
  source: string;
  runId?: string;
  tags?: KeyValue[];
  runLink?: string;
  description?: string;
  /** MLflow 3: the logged model the version is made from; it gets the `mlflow.modelVersions` tag. */
  modelId?: string;
}

export interface SearchModelVersionsQuery {
  /**
   * `name`, `run_id` (also IN), `source_path`, `version_number`, `tags.<key>`. Prompt versions only
   * show when the filter asks for them.
   */
  filter?: string;
  /** 1..200000. Default 200000. */
  maxResults?: number;
  /**
   * `name`, `version_number`, `creation_timestamp`, `last_updated_timestamp` with ASC/DESC.
   * Default: last updated first; ties by name ASC, then version DESC.
   */
  orderBy?: string[];
  pageToken?: string;
}

/**
 * The model registry (tracking spec §2.10, §3.8): registered models with tags and aliases, and
 * their numbered versions, which are READY as soon as they are created. Deleting a registered
 * model is hard (versions, tags and aliases go with it); deleting a version redacts it and makes
 * it invisible, its number never reused. Versions are passed as decimal strings, as on the wire.
 * Errors are `MillraceError`s: RESOURCE_DOES_NOT_EXIST for unknown models and versions (404),
 * RESOURCE_ALREADY_EXISTS for taken names (400), INVALID_PARAMETER_VALUE for refused input.
 */
export interface ModelRegistryStore {
  createRegisteredModel(input: CreateRegisteredModelInput): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  /** Renames the model; its versions, tags and aliases follow. */
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, input: UpdateDescriptionInput): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string): Promise<void>;
  searchRegisteredModels(query: SearchRegisteredModelsQuery): Promise<Page<RegisteredModel>>;
  setRegisteredModelTag(name: string, tag: KeyValue): Promise<void>;
  /** Deleting a tag that is not set is fine (the model must exist). */
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;
  /** The latest version of each of these stages (case-insensitive), of every stage when none is given. */
  getLatestVersions(name: string, stages?: readonly string[]): Promise<ModelVersion[]>;

  /** Points an alias at a version (re-pointing an existing alias). */
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void>;
  /** Deleting an alias that is not set is fine (the model must exist). */
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  /**
   * The version an alias points at; an unknown alias is INVALID_PARAMETER_VALUE. `latest` (any
   * case) is the highest version.
   */
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  createModelVersion(input: CreateModelVersionInput): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, input: UpdateDescriptionInput): Promise<ModelVersion>;
  /**
   * Moves a version to a stage (case-insensitive). With `archiveExistingVersions` (only for
   * Staging and Production) the other versions in that stage move to Archived.
   */
  transitionModelVersionStage(
    name: string,
    version: string,
    stage: string,
    archiveExistingVersions: boolean,
  ): Promise<ModelVersion>;
  /** Redacts the version (and removes the aliases pointing at it); its number is never reused. */
  deleteModelVersion(name: string, version: string): Promise<void>;
  searchModelVersions(query: SearchModelVersionsQuery): Promise<Page<ModelVersion>>;
  /** Where the version's files are: its source, resolved when it was a `models:/` or `runs:/` URI. */
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  setModelVersionTag(name: string, version: string, tag: KeyValue): Promise<void>;
  /** Deleting a tag that is not set is fine (the version must exist). */
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;
}
