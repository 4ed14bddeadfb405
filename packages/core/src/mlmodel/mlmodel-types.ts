import type { SignatureBlock } from '../signature/types.js';

/** MLmodel's `saved_input_example_info` (model-format.md §4). */
export interface MLmodelInputExampleInfo {
  artifact_path: string;
  type: string;
  pandas_orient?: string;
  serving_input_path?: string;
  /** `"true"` when the example was saved with params. */
  params?: string;
}

/** A flavor's configuration block: flavor-specific keys. */
export type FlavorConfig = Record<string, unknown>;

/**
 * The MLmodel file (model-format.md §2): the fields MLflow defines are typed, any other key is
 * kept as read and written back. The signature stays in MLmodel's block form (JSON strings);
 * `parseSignature` turns it into a `ModelSignature`.
 */
export interface MLmodel {
  artifact_path?: string | null;
  flavors: Record<string, FlavorConfig>;
  model_uuid?: string | null;
  model_id?: string | null;
  run_id?: string | null;
  utc_time_created?: string;
  mlflow_version?: string;
  /** Written by Millrace next to MLflow's fields. */
  millrace_version?: string;
  signature?: SignatureBlock;
  is_signature_from_type_hint?: boolean;
  type_hint_from_example?: boolean;
  saved_input_example_info?: MLmodelInputExampleInfo;
  metadata?: Record<string, unknown> | null;
  model_size_bytes?: number;
  resources?: Record<string, unknown> | null;
  env_vars?: string[] | null;
  auth_policy?: Record<string, unknown> | null;
  prompts?: string[] | null;
  databricks_runtime?: string;
  [key: string]: unknown;
}
