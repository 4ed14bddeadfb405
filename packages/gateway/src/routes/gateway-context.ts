import type { GatewayLogger } from '../gateway-logger.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { EndpointRateLimiter } from '../rate-limit/endpoint-rate-limiter.js';
import type { GatewayRuntime } from '../runtime/gateway-runtime.js';

/** What the routes share: the current config generation and the app-wide services. */
export interface GatewayContext {
  /** The generation new requests start on (swapped atomically by reloads). */
  current(): GatewayRuntime;
  rateLimiter: EndpointRateLimiter;
  metrics: GatewayMetrics;
  logger: GatewayLogger;
}
