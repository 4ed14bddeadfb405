import type { z } from 'zod';
import type { ProviderConfigContext } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { createDefaultProviderRegistry } from '../providers/built-in-providers.js';
import { ConfigProblems, type ConfigPath, quoteConfigValue } from './config-problem.js';
import { isEndpointType } from './endpoint-type.js';
import type { EndpointConfig, GatewayConfig, TrafficRouteConfig } from './gateway-config.js';
import { GatewayConfigError } from './gateway-config-error.js';
import { parseRateLimitPeriod } from './rate-limit-period.js';
import { rawDocumentSchema, rawEndpointSchema, rawRouteSchema } from './raw-config-schema.js';
import { resolveSecret, type SecretSources } from './resolve-secret.js';
import { zodIssueMessage } from './zod-issue-message.js';

export interface GatewayConfigOptions {
  /** The providers endpoints may name. Default: the built-in ones. */
  providers?: ProviderRegistry;
  /** Environment for `$NAME` secrets. Default: process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative secret-file paths are resolved from. Default: the working directory. */
  baseDirectory?: string;
}

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  problems: ConfigProblems,
  path: ConfigPath,
): T | undefined {
  const result = schema.safeParse(value, { error: zodIssueMessage });
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    problems.add([...path, ...(issue.path as (string | number)[])], issue.message);
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateEndpoint(
  raw: unknown,
  index: number,
  problems: ConfigProblems,
  providers: ProviderRegistry,
  sources: SecretSources,
): EndpointConfig | undefined {
  const path = ['endpoints', index] as const;
  if (isMapping(raw) && 'route_type' in raw) {
    problems.add([...path, 'route_type'], 'is no longer supported: use endpoint_type');
  }
  const before = problems.count;
  const endpoint = parseWith(rawEndpointSchema, raw, problems, path);
  const rawModel = isMapping(raw) && isMapping(raw.model) ? raw.model : undefined;
  const providerName = typeof rawModel?.provider === 'string' ? rawModel.provider : undefined;
  const provider = providerName === undefined ? undefined : providers.find(providerName);
  if (providerName !== undefined && provider === undefined) {
    problems.add([...path, 'model', 'provider'], providers.describeUnknown(providerName));
  }

  let providerConfig: unknown;
  if (provider !== undefined && rawModel !== undefined) {
    const configProblems = problems.at([...path, 'model', 'config']);
    if (rawModel.config === undefined || rawModel.config === null) {
      configProblems.add([], `is required for provider ${provider.name}`);
    } else if (isMapping(rawModel.config)) {
      const identity = {
        name:
          typeof (raw as Record<string, unknown>).name === 'string'
            ? String((raw as Record<string, unknown>).name)
            : '',
        endpointType:
          endpoint?.endpoint_type ??
          (isMapping(raw) && isEndpointType(raw.endpoint_type) ? raw.endpoint_type : 'llm/v1/chat'),
        modelName: typeof rawModel.name === 'string' ? rawModel.name : null,
      };
      const context: ProviderConfigContext = {
        problems: configProblems,
        endpointProblems: problems.at(path),
        resolveSecret: (value, key) => resolveSecret(value, [key], configProblems, sources),
        secretSources: sources,
        endpoint: identity,
      };
      providerConfig = provider.parseConfig(rawModel.config, context);
    }
  }

  let limit: EndpointConfig['limit'] = null;
  if (endpoint?.limit !== undefined && endpoint.limit !== null) {
    const period = parseRateLimitPeriod(endpoint.limit.renewal_period);
    if (period === undefined) {
      problems.add(
        [...path, 'limit', 'renewal_period'],
        `must be a period such as second, minute, hour, day, month, year or "5 minutes", got ${quoteConfigValue(endpoint.limit.renewal_period)}`,
      );
    } else {
      limit = {
        calls: endpoint.limit.calls,
        renewalPeriod: endpoint.limit.renewal_period,
        key: endpoint.limit.key ?? null,
        period,
      };
    }
  }

  if (
    endpoint === undefined ||
    provider === undefined ||
    providerConfig === undefined ||
    problems.count > before
  ) {
    return undefined;
  }
  return {
    name: endpoint.name,
    endpointType: endpoint.endpoint_type,
    model: { provider: provider.name, name: endpoint.model.name ?? null },
    provider,
    providerConfig,
    limit,
    timeoutSeconds: endpoint.timeout_seconds ?? null,
  };
}

function validateRoute(
  raw: unknown,
  index: number,
  problems: ConfigProblems,
  endpointsByName: ReadonlyMap<string, EndpointConfig>,
  endpointNames: ReadonlySet<string>,
): TrafficRouteConfig | undefined {
  const path = ['routes', index] as const;
  const route = parseWith(rawRouteSchema, raw, problems, path);
  if (route === undefined) return undefined;
  const before = problems.count;
  route.destinations.forEach((destination, position) => {
    const destinationPath = [...path, 'destinations', position, 'name'];
    const endpoint = endpointsByName.get(destination.name);
    if (endpoint === undefined) {
      if (!endpointNames.has(destination.name))
        problems.add(destinationPath, `${quoteConfigValue(destination.name)} is not an endpoint name`);
    } else if (endpoint.endpointType !== route.task_type) {
      problems.add(
        destinationPath,
        `endpoint ${quoteConfigValue(destination.name)} is ${endpoint.endpointType}, but the route's task_type is ${route.task_type}`,
      );
    }
  });
  const total = route.destinations.reduce((sum, destination) => sum + destination.traffic_percentage, 0);
  if (total !== 100)
    problems.add([...path, 'destinations'], `traffic_percentage values must add up to 100, got ${total}`);
  if (problems.count > before) return undefined;
  return {
    name: route.name,
    taskType: route.task_type,
    destinations: route.destinations.map((destination) => ({
      name: destination.name,
      trafficPercentage: destination.traffic_percentage,
    })),
    routingStrategy: 'TRAFFIC_SPLIT',
  };
}

function checkUniqueNames(
  document: { endpoints: unknown[]; routes?: unknown[] | null },
  problems: ConfigProblems,
): void {
  const firstUse = new Map<string, string>();
  const visit = (kind: 'endpoints' | 'routes', items: readonly unknown[]) =>
    items.forEach((item, index) => {
      if (!isMapping(item) || typeof item.name !== 'string') return;
      const where = `${kind}[${index}]`;
      const previous = firstUse.get(item.name);
      if (previous === undefined) firstUse.set(item.name, where);
      else
        problems.add(
          [kind, index, 'name'],
          `${quoteConfigValue(item.name)} is already the name of ${previous}; names must be unique`,
        );
    });
  visit('endpoints', document.endpoints);
  visit('routes', document.routes ?? []);
}

/**
 * Checks a parsed YAML document and returns the config, or throws a GatewayConfigError listing
 * every problem with its path. Secrets are resolved here (`$ENV`, secret files), once.
 */
export function validateGatewayConfig(
  document: unknown,
  options: GatewayConfigOptions = {},
  source = '',
): GatewayConfig {
  const providers = options.providers ?? createDefaultProviderRegistry();
  const sources: SecretSources = {
    env: options.env ?? process.env,
    baseDirectory: options.baseDirectory ?? process.cwd(),
  };
  const problems = new ConfigProblems();
  if (document === null || document === undefined) {
    throw new GatewayConfigError(source, [
      { path: '', message: 'the file is empty; it needs an `endpoints` list' },
    ]);
  }
  if (!isMapping(document)) {
    throw new GatewayConfigError(source, [
      { path: '', message: 'the document must be a mapping with an `endpoints` list' },
    ]);
  }
  const parsed = parseWith(rawDocumentSchema, document, problems, []);
  if (parsed === undefined) throw new GatewayConfigError(source, problems.list);

  checkUniqueNames(parsed, problems);
  const endpoints = parsed.endpoints.map((raw, index) =>
    validateEndpoint(raw, index, problems, providers, sources),
  );
  const valid = endpoints.filter((endpoint): endpoint is EndpointConfig => endpoint !== undefined);
  const endpointsByName = new Map(valid.map((endpoint) => [endpoint.name, endpoint]));
  const endpointNames = new Set(
    parsed.endpoints.flatMap((raw) => (isMapping(raw) && typeof raw.name === 'string' ? [raw.name] : [])),
  );
  const routes = (parsed.routes ?? []).map((raw, index) =>
    validateRoute(raw, index, problems, endpointsByName, endpointNames),
  );
  if (problems.count > 0) throw new GatewayConfigError(source, problems.list);
  return {
    endpoints: valid,
    routes: routes.filter((route): route is TrafficRouteConfig => route !== undefined),
  };
}
