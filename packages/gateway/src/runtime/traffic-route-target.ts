import type { TrafficRouteConfig } from '../config/gateway-config.js';
import type { CompiledEndpoint, InvocationTarget } from './compiled-endpoint.js';

/**
 * A traffic route as an invocation target: each request draws one destination with probability
 * `traffic_percentage / 100` (destinations with 0 % are never drawn).
 */
export function createTrafficRouteTarget(
  route: TrafficRouteConfig,
  endpoints: ReadonlyMap<string, CompiledEndpoint>,
  random: () => number = Math.random,
): InvocationTarget {
  const destinations = route.destinations
    .filter((destination) => destination.trafficPercentage > 0)
    .map((destination) => ({
      endpoint: endpoints.get(destination.name)!,
      weight: destination.trafficPercentage,
    }));
  const total = destinations.reduce((sum, destination) => sum + destination.weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const destination of destinations) {
    running += destination.weight;
    cumulative.push(running);
  }
  const last = destinations.length - 1;
  return {
    name: route.name,
    endpointType: route.taskType,
    pick() {
      if (last === 0) return destinations[0]!.endpoint;
      const draw = random() * total;
      for (let index = 0; index < last; index += 1)
        if (draw < cumulative[index]!) return destinations[index]!.endpoint;
      return destinations[last]!.endpoint;
    },
  };
}
