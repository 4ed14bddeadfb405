import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: from sub-millisecond trivial models to the 60 s default timeout. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** The `route` label of requests that matched no route (bounded label values). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The scoring server's Prometheus metrics, in a registry of the app's own (never prom-client's
 * global one, so several apps in one process do not mix their numbers):
 * - `millrace_scoring_requests_total{route,status}`: answered requests (status 499 when the client
 *   went away before the answer);
 * - `millrace_scoring_request_duration_seconds{route}`: latency until the answer was written;
 * - `millrace_scoring_requests_in_flight`: requests being handled now;
 * - `millrace_scoring_model_errors_total{error_code}`: predictions that failed inside `predict`
 *   (schema/params enforcement or the model itself; timeouts and lost clients are not counted);
 * - `millrace_scoring_timeouts_total`: predictions (or stream chunks) that exceeded the timeout;
 * - `millrace_scoring_abandoned_predictions`: predictions still running after the server stopped
 *   waiting for them.
 * Label objects are built once per route/status and reused, so recording costs about a microsecond.
 */
export interface ScoringMetrics {
  readonly registry: Registry;
  requestStarted(): void;
  requestFinished(route: string, status: number, durationSeconds: number): void;
  modelError(errorCode: string): void;
  timeout(): void;
  abandonedPredictions(count: number): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; text: string }>;
}

export function createScoringMetrics(registry: Registry = new Registry()): ScoringMetrics {
  const requests = new Counter({
    name: 'millrace_scoring_requests_total',
    help: 'Requests answered by the scoring server, by route and HTTP status.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'millrace_scoring_request_duration_seconds',
    help: 'Time from the start of a request to the end of its answer, by route.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'millrace_scoring_requests_in_flight',
    help: 'Requests being handled right now.',
    registers: [registry],
  });
  const modelErrors = new Counter({
    name: 'millrace_scoring_model_errors_total',
    help: 'Predictions that failed inside predict (schema or params enforcement, or the model), by error code.',
    labelNames: ['error_code'] as const,
    registers: [registry],
  });
  const timeouts = new Counter({
    name: 'millrace_scoring_timeouts_total',
    help: 'Predictions or stream chunks that exceeded the request timeout.',
    registers: [registry],
  });
  const abandoned = new Gauge({
    name: 'millrace_scoring_abandoned_predictions',
    help: 'Predictions still running after the server stopped waiting for them (timeout or client gone).',
    registers: [registry],
  });
  abandoned.set(0);

  const requestLabels = new Map<string, Map<number, { route: string; status: string }>>();
  const durationLabels = new Map<string, { route: string }>();
  const errorLabels = new Map<string, { error_code: string }>();
  const labelsFor = (route: string, status: number) => {
    let byStatus = requestLabels.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      requestLabels.set(route, byStatus);
      durationLabels.set(route, { route });
    }
    let labels = byStatus.get(status);
    if (labels === undefined) {
      labels = { route, status: String(status) };
      byStatus.set(status, labels);
    }
    return labels;
  };

  return {
    registry,
    requestStarted: () => inFlight.inc(),
    requestFinished(route, status, durationSeconds) {
      inFlight.dec();
      requests.inc(labelsFor(route, status));
      duration.observe(durationLabels.get(route) as { route: string }, durationSeconds);
    },
    modelError(errorCode) {
      let labels = errorLabels.get(errorCode);
      if (labels === undefined) {
        labels = { error_code: errorCode };
        errorLabels.set(errorCode, labels);
      }
      modelErrors.inc(labels);
    },
    timeout: () => timeouts.inc(),
    abandonedPredictions: (count) => abandoned.set(count),
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
