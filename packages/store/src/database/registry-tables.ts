import type { ColumnType, Generated } from 'kysely';

/** An autoincrement key that orders rows by insertion (tag lists keep that order). */
type SequenceColumn = Generated<number>;

/**
 * Registered models. The name is unique but not the key: versions, tags and aliases refer to the
 * surrogate `registered_model_id`, so that a rename changes one row.
 */
export interface RegisteredModelsTable {
  registered_model_id: ColumnType<number, number | undefined, never>;
  name: string;
  creation_time: number;
  last_updated_time: number;
  description: string | null;
}

export interface RegisteredModelTagsTable {
  sequence: SequenceColumn;
  registered_model_id: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  registered_model_id: number;
  alias: string;
  version: number;
}

/**
 * Model versions, numbered from 1 per registered model. A deleted version stays as a redacted row
 * in the stage `Deleted_Internal`, so that its number is never reused.
 */
export interface ModelVersionsTable {
  registered_model_id: number;
  version: number;
  creation_time: number;
  last_updated_time: number;
  description: string | null;
  user_id: string | null;
  /** None, Staging, Production, Archived, or Deleted_Internal. */
  current_stage: string;
  source: string;
  /** Where the version's files are (what get-download-uri answers); null means `source`. */
  storage_location: string | null;
  run_id: string | null;
  run_link: string | null;
  /** The ModelVersionStatus name; always READY. */
  status: string;
  status_message: string | null;
}

export interface ModelVersionTagsTable {
  sequence: SequenceColumn;
  registered_model_id: number;
  version: number;
  key: string;
  value: string;
}

/** The model registry tables, as Kysely sees them. */
export interface RegistryTables {
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
}
