import { request } from 'undici';
import type { EndpointConfig, GatewayConfig } from '../config/gateway-config.js';
import {
  mlflowModelServingProvider,
  type MlflowModelServingConfig,
} from '../providers/mlflow-model-serving/mlflow-model-serving-provider.js';
import { type ServedModelDescription, servedModelProblems } from './served-model-checks.js';

export interface CompatibilityWarning {
  endpoint: string;
  /** False when the endpoint could not be checked (plain MLflow server, unreachable, no signature). */
  checked: boolean;
  message: string;
}

export interface CompatibilityCheckOptions {
  /** Per model server. Default 5000 ms. */
  timeoutMs?: number;
}

async function fetchDescription(
  url: URL,
  timeoutMs: number,
): Promise<{ description: ServedModelDescription } | { reason: string }> {
  const metadataUrl = new URL(`${url.pathname.replace(/\/+$/, '')}/metadata`, url.origin);
  try {
    const response = await request(metadataUrl, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    if (response.statusCode === 404 || response.statusCode === 405) {
      return {
        reason:
          'its model server has no /metadata (a plain MLflow scoring server?), so it could not be checked',
      };
    }
    if (response.statusCode !== 200)
      return { reason: `its model server answered ${response.statusCode} to GET /metadata` };
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { reason: 'its model server answered GET /metadata with something other than an object' };
    }
    return { description: value as ServedModelDescription };
  } catch (error) {
    const code =
      (error as { code?: unknown; cause?: { code?: unknown } }).code ??
      (error as { cause?: { code?: unknown } }).cause?.code;
    return {
      reason: `its model server could not be reached${typeof code === 'string' ? ` (${code})` : ''}, so it could not be checked`,
    };
  }
}

async function checkServedEndpoint(
  endpoint: EndpointConfig,
  timeoutMs: number,
): Promise<CompatibilityWarning[]> {
  const config = endpoint.providerConfig as MlflowModelServingConfig;
  const result = await fetchDescription(config.modelServerUrl, timeoutMs);
  if ('reason' in result)
    return [
      { endpoint: endpoint.name, checked: false, message: `endpoint '${endpoint.name}': ${result.reason}` },
    ];
  const warnings = servedModelProblems(result.description, endpoint.endpointType).map((problem) => ({
    endpoint: endpoint.name,
    checked: true,
    message: `endpoint '${endpoint.name}' (${endpoint.endpointType}): ${problem}`,
  }));
  if (result.description.signature === null || result.description.signature === undefined) {
    warnings.push({
      endpoint: endpoint.name,
      checked: false,
      message: `endpoint '${endpoint.name}': the served model has no signature, so its output shape could not be checked`,
    });
  }
  return warnings;
}

/**
 * Warnings about endpoints that cannot work, found before serving (a Millrace addition): endpoint
 * types the provider does not serve (MLflow only answers 501 at request time), and
 * `mlflow-model-serving` endpoints whose served model (read from the Millrace scoring server's
 * `GET /metadata`) cannot answer the endpoint type. Endpoints that cannot be checked are reported
 * with `checked: false`. The CLI prints the warnings and refuses to start on them with `--strict`.
 */
export async function checkEndpointCompatibility(
  config: GatewayConfig,
  options: CompatibilityCheckOptions = {},
): Promise<CompatibilityWarning[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const warnings: CompatibilityWarning[] = [];
  const served: Promise<CompatibilityWarning[]>[] = [];
  for (const endpoint of config.endpoints) {
    if (endpoint.provider.capabilities[endpoint.endpointType] === undefined) {
      warnings.push({
        endpoint: endpoint.name,
        checked: true,
        message: `endpoint '${endpoint.name}': provider ${endpoint.provider.name} does not serve ${endpoint.endpointType} endpoints; its requests will get 501`,
      });
    } else if (endpoint.provider === mlflowModelServingProvider) {
      served.push(checkServedEndpoint(endpoint, timeoutMs));
    }
  }
  for (const result of await Promise.all(served)) warnings.push(...result);
  return warnings;
}
