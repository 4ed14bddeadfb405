/** Server-side limits of the tracking API (MLflow's SQL store values). */
export const TRACKING_LIMITS = {
  experimentNameLength: 500,
  artifactLocationLength: 2048,
  keyLength: 250,
  experimentTagValueLength: 5000,
  /** Longer param values are truncated, not refused. */
  paramValueLength: 6000,
  /** Longer run tag values are truncated, not refused. */
  runTagValueLength: 8000,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  datasetSourceLength: 65535,
  datasetSchemaLength: 1048575,
  datasetProfileLength: 16777215,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchEntities: 1000,
  searchMaxResults: 50000,
  searchRunsDefaultMaxResults: 1000,
  searchExperimentsDefaultMaxResults: 1000,
  bulkIntervalMaxRunIds: 100,
  bulkIntervalMaxResults: 2500,
  bulkHistoryMaxRunIds: 100,
  bulkHistoryMaxResults: 25000,
} as const;
