// Configuration and transport
export * from './config/tracking-uri.js';
export * from './config/auth-headers.js';
export * from './http/retry-policy.js';
export * from './http/http-client.js';
export * from './http/error-from-response.js';
export * from './http/wire-json.js';

// Entities
export * from './entities/experiment.js';
export * from './entities/file-info.js';
export * from './entities/logged-model.js';
export * from './entities/metric.js';
export * from './entities/model-version.js';
export * from './entities/page.js';
export * from './entities/registered-model.js';
export * from './entities/run.js';

// Artifacts
export * from './artifacts/artifact-location.js';
export * from './artifacts/artifact-repository.js';
export * from './artifacts/artifact-cache.js';
export * from './artifacts/transfer-progress.js';

// Low-level client
export * from './tracking/context-tags.js';
export * from './tracking/log-batch-chunks.js';
export * from './tracking/mlflow-client.js';

// Models
export * from './models/model-location.js';
export * from './models/model-uri-resolver.js';
export * from './models/load-model.js';
export * from './models/register-model.js';
export * from './models/upload-logged-model.js';

// Fluent API
export * from './fluent/active-experiment.js';
export * from './fluent/fluent-session.js';
export * from './fluent/metric-batcher.js';
export * from './fluent/run-lifecycle.js';
export * from './fluent/run-logging.js';
export * from './fluent/fluent-models.js';

// Deployments
export * from './deployments/deployments-client.js';
export * from './deployments/server-sent-events.js';
