/** MLflow's log-batch limits (tracking-api.md §2.7). */
export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;

/** One log-batch request's worth of entities. */
export interface LogBatchChunk<MetricEntry, ParamEntry, TagEntry> {
  metrics: MetricEntry[];
  params: ParamEntry[];
  tags: TagEntry[];
}

/**
 * Splits metrics, params and tags into log-batch requests within the server's limits (≤1000
 * metrics, ≤100 params, ≤100 tags, ≤1000 in all), in order, as few requests as possible. Nothing
 * in, nothing out.
 */
export function chunkLogBatch<MetricEntry, ParamEntry, TagEntry>(
  metrics: readonly MetricEntry[],
  params: readonly ParamEntry[],
  tags: readonly TagEntry[],
): LogBatchChunk<MetricEntry, ParamEntry, TagEntry>[] {
  const chunks: LogBatchChunk<MetricEntry, ParamEntry, TagEntry>[] = [];
  let metricIndex = 0;
  let paramIndex = 0;
  let tagIndex = 0;
  while (metricIndex < metrics.length || paramIndex < params.length || tagIndex < tags.length) {
    const chunkParams = params.slice(paramIndex, paramIndex + LOG_BATCH_LIMITS.params);
    const chunkTags = tags.slice(tagIndex, tagIndex + LOG_BATCH_LIMITS.tags);
    const room = Math.min(
      LOG_BATCH_LIMITS.metrics,
      LOG_BATCH_LIMITS.total - chunkParams.length - chunkTags.length,
    );
    const chunkMetrics = metrics.slice(metricIndex, metricIndex + room);
    paramIndex += chunkParams.length;
    tagIndex += chunkTags.length;
    metricIndex += chunkMetrics.length;
    chunks.push({ metrics: chunkMetrics, params: chunkParams, tags: chunkTags });
  }
  return chunks;
}
