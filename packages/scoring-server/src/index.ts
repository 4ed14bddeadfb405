export * from './create-scoring-app.js';
export * from './scoring-logger.js';
export { createScoringMetrics, type ScoringMetrics } from './metrics/scoring-metrics.js';
export { describeServedModel, METADATA_PATH, type ServedModelMetadata } from './routes/metadata-route.js';
export { HEALTH_BODY } from './routes/health-routes.js';
export { serializeJson } from './response/serialize-json.js';
export { parseJsonBody } from './parsing/lenient-json.js';
