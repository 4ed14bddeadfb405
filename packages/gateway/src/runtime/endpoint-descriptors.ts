import type { EndpointConfig, TrafficRouteConfig } from '../config/gateway-config.js';

/** `GET /api/2.0/endpoints/{name}`'s Endpoint object. Never holds secrets or upstream URLs. */
export interface EndpointDescriptor {
  name: string;
  endpoint_type: string;
  model: { name: string | null; provider: string };
  endpoint_url: string;
  limit: { calls: number; key: string | null; renewal_period: string } | null;
}

/** The deprecated `/api/2.0/gateway/routes/` shape. */
export interface LegacyRouteDescriptor {
  name: string;
  route_type: string;
  model: { name: string | null; provider: string };
  route_url: string;
  limit: EndpointDescriptor['limit'];
}

export interface TrafficRouteDescriptor {
  name: string;
  task_type: string;
  destinations: { name: string; traffic_percentage: number }[];
  routing_strategy: 'TRAFFIC_SPLIT';
}

function invocationsUrl(name: string): string {
  return `/gateway/${encodeURIComponent(name)}/invocations`;
}

export function describeEndpoint(endpoint: EndpointConfig): EndpointDescriptor {
  return {
    name: endpoint.name,
    endpoint_type: endpoint.endpointType,
    model: { name: endpoint.model.name, provider: endpoint.model.provider },
    endpoint_url: invocationsUrl(endpoint.name),
    limit:
      endpoint.limit === null
        ? null
        : {
            calls: endpoint.limit.calls,
            key: endpoint.limit.key,
            renewal_period: endpoint.limit.renewalPeriod,
          },
  };
}

export function describeLegacyRoute(endpoint: EndpointConfig): LegacyRouteDescriptor {
  const descriptor = describeEndpoint(endpoint);
  return {
    name: descriptor.name,
    route_type: descriptor.endpoint_type,
    model: descriptor.model,
    route_url: descriptor.endpoint_url,
    limit: descriptor.limit,
  };
}

export function describeTrafficRoute(route: TrafficRouteConfig): TrafficRouteDescriptor {
  return {
    name: route.name,
    task_type: route.taskType,
    destinations: route.destinations.map((destination) => ({
      name: destination.name,
      traffic_percentage: destination.trafficPercentage,
    })),
    routing_strategy: route.routingStrategy,
  };
}
