import type { KeyValue, Page } from '../tracking/tracking-entities.js';
import type { LoggedModel, LoggedModelFinalStatus } from './logged-model-entities.js';

export interface CreateLoggedModelInput {
  experimentId: string;
  /** Default: a random `adjective-noun-NNN`. Must not contain / : . % " or '. */
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface GetLoggedModelOptions {
  /** Return a deleted model too (MLflow 3.7+ `allow_deleted`). Default false. */
  allowDeleted?: boolean;
}

/** A dataset that scopes metric filters and metric ordering. */
export interface LoggedModelDatasetScope {
  datasetName: string;
  datasetDigest?: string;
}

export interface LoggedModelOrderBy {
  /** An attribute (`name`, `creation_timestamp`, `last_updated_timestamp`, ...) or `metrics.<key>`. */
  fieldName: string;
  /** Default true. */
  ascending?: boolean;
  /** For `metrics.<key>`: the latest value on this dataset. */
  datasetName?: string;
  datasetDigest?: string;
}

export interface SearchLoggedModelsQuery {
  /** At least one. */
  experimentIds: string[];
  filter?: string;
  /** Restricts metric filters to these datasets; alone, keeps models with a metric on one of them. */
  datasets?: LoggedModelDatasetScope[];
  /** Default 50. */
  maxResults?: number;
  /** Default: newest first (creation_timestamp DESC). */
  orderBy?: LoggedModelOrderBy[];
  /** Only valid with the experiment ids, filter and order_by it was issued for. */
  pageToken?: string;
}

/**
 * MLflow 3 logged models (tracking spec §2.9, §3.6): created PENDING with an artifact location
 * under their experiment's, finalized READY or UPLOAD_FAILED once their files are uploaded,
 * soft-deleted. Errors are `MillraceError`s: RESOURCE_DOES_NOT_EXIST for unknown (or deleted)
 * models, INVALID_PARAMETER_VALUE for refused input.
 */
export interface LoggedModelStore {
  createLoggedModel(input: CreateLoggedModelInput): Promise<LoggedModel>;
  /** Deleted models are "not found" unless `allowDeleted`. */
  getLoggedModel(modelId: string, options?: GetLoggedModelOptions): Promise<LoggedModel>;
  /** Sets the status once the artifacts are uploaded (or failed to). */
  finalizeLoggedModel(modelId: string, status: LoggedModelFinalStatus): Promise<LoggedModel>;
  /** Soft delete; deleting a deleted model is fine. */
  deleteLoggedModel(modelId: string): Promise<void>;
  /** Inserts tags or overwrites their values. */
  setLoggedModelTags(modelId: string, tags: readonly KeyValue[]): Promise<void>;
  /** A tag that is not set is RESOURCE_DOES_NOT_EXIST. */
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  /** Params are write-once: the same value again is fine, another value is refused. */
  logLoggedModelParams(modelId: string, params: readonly KeyValue[]): Promise<void>;
  searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>>;
}
