import type { ProviderDefinition } from '../providers/provider.js';
import type { EndpointType } from './endpoint-type.js';
import type { RateLimitPeriod } from './rate-limit-period.js';

/** An endpoint's `limit`: `calls` per `renewal_period`, fixed window. */
export interface EndpointLimit {
  calls: number;
  /** As written in the config (`minute`, `hours`, `5 minutes`). */
  renewalPeriod: string;
  /** Accepted and echoed like MLflow; not used. */
  key: string | null;
  period: RateLimitPeriod;
}

/** A validated endpoint. Secrets inside `providerConfig` are `Secret`s (they print as `[REDACTED]`). */
export interface EndpointConfig {
  name: string;
  endpointType: EndpointType;
  /** The canonical provider name (`openai` for `OpenAI`, …) and the upstream model id. */
  model: { provider: string; name: string | null };
  provider: ProviderDefinition;
  /** The provider's parsed `model.config`. */
  providerConfig: unknown;
  limit: EndpointLimit | null;
  /** `timeout_seconds` (a Millrace addition), or null for the gateway default. */
  timeoutSeconds: number | null;
}

export interface TrafficRouteDestination {
  name: string;
  trafficPercentage: number;
}

/** A `routes` entry: a weighted split of requests over endpoints of one type. */
export interface TrafficRouteConfig {
  name: string;
  taskType: EndpointType;
  destinations: TrafficRouteDestination[];
  routingStrategy: 'TRAFFIC_SPLIT';
}

/** A validated gateway config, ready to serve. */
export interface GatewayConfig {
  endpoints: EndpointConfig[];
  routes: TrafficRouteConfig[];
}
