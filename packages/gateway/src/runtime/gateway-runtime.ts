import { endpointTypeWord } from '../config/endpoint-type.js';
import type { EndpointConfig, GatewayConfig, TrafficRouteConfig } from '../config/gateway-config.js';
import { describeRateLimit } from '../config/rate-limit-period.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ProviderServices } from '../providers/provider.js';
import { createSecretRedactor } from '../upstream/secret-redactor.js';
import type { UpstreamDispatchers } from '../upstream/upstream-dispatchers.js';
import type { CompiledEndpoint, InvocationTarget } from './compiled-endpoint.js';
import {
  type EndpointDescriptor,
  type LegacyRouteDescriptor,
  type TrafficRouteDescriptor,
  describeEndpoint,
  describeLegacyRoute,
  describeTrafficRoute,
} from './endpoint-descriptors.js';
import { createTrafficRouteTarget } from './traffic-route-target.js';

export interface RuntimeDependencies {
  dispatchers: UpstreamDispatchers;
  metrics: GatewayMetrics;
  /** Upstream timeout for endpoints without `timeout_seconds`. */
  defaultTimeoutSeconds: number;
}

function endpointTarget(endpoint: CompiledEndpoint): InvocationTarget {
  return { name: endpoint.name, endpointType: endpoint.endpointType, pick: () => endpoint };
}

/**
 * One generation of the gateway's config, compiled: providers bound to their endpoints (URLs,
 * headers, pools), metric children, descriptors. Requests take the generation that is current when
 * they start and keep it to the end; a reload swaps in a new generation and retires the old one,
 * whose upstream pools are released once its last request finishes.
 */
export class GatewayRuntime {
  readonly config: GatewayConfig;
  readonly targets: ReadonlyMap<string, InvocationTarget>;
  readonly endpoints: ReadonlyMap<string, CompiledEndpoint>;
  readonly routes: ReadonlyMap<string, TrafficRouteConfig>;
  readonly endpointDescriptors: readonly EndpointDescriptor[];
  readonly legacyRouteDescriptors: readonly LegacyRouteDescriptor[];
  readonly trafficRouteDescriptors: ReadonlyMap<string, TrafficRouteDescriptor>;
  readonly #origins: string[] = [];
  readonly #dispatchers: UpstreamDispatchers;
  #active = 0;
  #retired = false;
  #released = false;

  constructor(config: GatewayConfig, dependencies: RuntimeDependencies) {
    this.config = config;
    this.#dispatchers = dependencies.dispatchers;
    const services: ProviderServices = {
      dispatcherFor: (origin) => {
        this.#origins.push(origin);
        return dependencies.dispatchers.acquire(origin);
      },
    };
    const endpoints = new Map<string, CompiledEndpoint>();
    try {
      for (const endpoint of config.endpoints) {
        endpoints.set(endpoint.name, compileEndpoint(endpoint, services, dependencies));
      }
    } catch (error) {
      this.#release();
      throw error;
    }
    const targets = new Map<string, InvocationTarget>();
    for (const endpoint of endpoints.values()) targets.set(endpoint.name, endpointTarget(endpoint));
    for (const route of config.routes) targets.set(route.name, createTrafficRouteTarget(route, endpoints));
    this.endpoints = endpoints;
    this.targets = targets;
    this.routes = new Map(config.routes.map((route) => [route.name, route]));
    this.endpointDescriptors = config.endpoints.map(describeEndpoint);
    this.legacyRouteDescriptors = config.endpoints.map(describeLegacyRoute);
    this.trafficRouteDescriptors = new Map(
      config.routes.map((route) => [route.name, describeTrafficRoute(route)]),
    );
  }

  /** Marks a request as running on this generation. */
  enter(): void {
    this.#active += 1;
  }

  /** Marks a request as finished; the last one out of a retired generation releases its pools. */
  leave(): void {
    this.#active -= 1;
    if (this.#retired && this.#active === 0) this.#release();
  }

  get activeRequests(): number {
    return this.#active;
  }

  /** No new requests will start on this generation. */
  retire(): void {
    this.#retired = true;
    if (this.#active === 0) this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    for (const origin of this.#origins) this.#dispatchers.release(origin);
  }
}

function compileEndpoint(
  endpoint: EndpointConfig,
  services: ProviderServices,
  dependencies: RuntimeDependencies,
): CompiledEndpoint {
  const provider = endpoint.provider;
  const capability = provider.capabilities[endpoint.endpointType];
  const identity = {
    name: endpoint.name,
    endpointType: endpoint.endpointType,
    modelName: endpoint.model.name,
  };
  const word = endpointTypeWord(endpoint.endpointType);
  const secrets = provider.secretsOf(endpoint.providerConfig).map((secret) => secret.reveal());
  return {
    name: endpoint.name,
    endpointType: endpoint.endpointType,
    providerName: provider.name,
    adapter:
      capability === undefined
        ? undefined
        : provider.createAdapter(identity, endpoint.providerConfig, services),
    notImplementedMessage: `The ${word} route is not implemented for ${provider.displayName} models.`,
    streams: capability?.stream === true,
    streamNotImplementedMessage: `The ${word} streaming route is not implemented for ${provider.displayName} models.`,
    limit:
      endpoint.limit === null
        ? null
        : { ...endpoint.limit, description: describeRateLimit(endpoint.limit.calls, endpoint.limit.period) },
    timeoutMs: (endpoint.timeoutSeconds ?? dependencies.defaultTimeoutSeconds) * 1000,
    redact: createSecretRedactor(secrets),
    metrics: dependencies.metrics.forEndpoint(endpoint.name, provider.name),
  };
}
