import { describe, expect, it } from 'vitest';
import type { CompiledEndpoint } from '../src/runtime/compiled-endpoint.js';
import { createTrafficRouteTarget } from '../src/runtime/traffic-route-target.js';

function fakeEndpoint(name: string): CompiledEndpoint {
  return { name } as CompiledEndpoint;
}

describe('traffic routes', () => {
  const endpoints = new Map(['a', 'b', 'c'].map((name) => [name, fakeEndpoint(name)]));

  it('draws destinations by their traffic percentages and never draws a 0 % one', () => {
    const route = {
      name: 'split',
      taskType: 'llm/v1/chat' as const,
      routingStrategy: 'TRAFFIC_SPLIT' as const,
      destinations: [
        { name: 'a', trafficPercentage: 20 },
        { name: 'b', trafficPercentage: 0 },
        { name: 'c', trafficPercentage: 80 },
      ],
    };
    const draws = [0, 0.1999, 0.2, 0.5, 0.9999];
    const target = createTrafficRouteTarget(route, endpoints, () => draws.shift()!);
    expect([0, 1, 2, 3, 4].map(() => target.pick().name)).toEqual(['a', 'a', 'c', 'c', 'c']);

    const counts = new Map<string, number>();
    const random = createTrafficRouteTarget(route, endpoints);
    for (let index = 0; index < 10_000; index += 1) {
      const name = random.pick().name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.get('b')).toBeUndefined();
    expect(counts.get('a')! / 10_000).toBeGreaterThan(0.17);
    expect(counts.get('a')! / 10_000).toBeLessThan(0.23);
  });
});
