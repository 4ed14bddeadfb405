import type { EndpointType } from '../config/endpoint-type.js';
import type { EndpointLimit } from '../config/gateway-config.js';
import type { EndpointMetrics } from '../metrics/gateway-metrics.js';
import type { ProviderAdapter } from '../providers/provider.js';
import type { Redactor } from '../upstream/secret-redactor.js';

/** An endpoint ready to serve: everything that can be computed at config load, computed. */
export interface CompiledEndpoint {
  name: string;
  endpointType: EndpointType;
  providerName: string;
  /** The provider adapter, or undefined when the provider cannot serve this endpoint type. */
  adapter: ProviderAdapter | undefined;
  /** Why requests fail when `adapter` is undefined (MLflow's 501 text). */
  notImplementedMessage: string;
  /** Whether `stream: true` is served; otherwise 501 with `streamNotImplementedMessage`. */
  streams: boolean;
  streamNotImplementedMessage: string;
  limit: (EndpointLimit & { description: string }) | null;
  timeoutMs: number;
  /** Scrubs this endpoint's secrets from upstream error text. */
  redact: Redactor;
  metrics: EndpointMetrics;
}

/** What a request URL or `model` field names: an endpoint, or a traffic route over endpoints. */
export interface InvocationTarget {
  name: string;
  endpointType: EndpointType;
  /** The endpoint that serves this request (a weighted draw for traffic routes). */
  pick(): CompiledEndpoint;
}
