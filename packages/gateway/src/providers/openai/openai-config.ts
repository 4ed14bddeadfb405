import { quoteConfigValue } from '../../config/config-problem.js';
import type { Secret } from '../../config/secret.js';
import type { ProviderConfigContext } from '../provider.js';
import { optionalString, parseBaseUrl } from '../openai-compatible/parse-base-url.js';

export const OPENAI_API_TYPES = ['openai', 'azure', 'azuread'] as const;
export type OpenAIApiType = (typeof OPENAI_API_TYPES)[number];

export const DEFAULT_OPENAI_API_BASE = 'https://api.openai.com/v1';

export interface OpenAIConfig {
  apiKey: Secret;
  apiType: OpenAIApiType;
  apiBase: URL;
  apiVersion: string | undefined;
  deploymentName: string | undefined;
  organization: string | undefined;
}

/**
 * MLflow's OpenAI config keys: `openai_api_key` (required), `openai_api_type` (openai | azure |
 * azuread, case-insensitive), `openai_api_base`, `openai_api_version`, `openai_deployment_name`,
 * `openai_organization`. Azure types need base, deployment and version; the deployment name is
 * only for Azure and the organization only for OpenAI.
 */
export function parseOpenAIConfig(
  raw: Record<string, unknown>,
  context: ProviderConfigContext,
  defaultApiType: OpenAIApiType,
): OpenAIConfig | undefined {
  const { problems } = context;
  const before = problems.count;
  const apiKey = context.resolveSecret(raw.openai_api_key, 'openai_api_key');

  let apiType: OpenAIApiType = defaultApiType;
  const rawType = optionalString(raw, 'openai_api_type', problems);
  if (rawType !== undefined) {
    const lowered = rawType.toLowerCase();
    if ((OPENAI_API_TYPES as readonly string[]).includes(lowered)) apiType = lowered as OpenAIApiType;
    else
      problems.add(
        ['openai_api_type'],
        `must be one of ${OPENAI_API_TYPES.join(', ')}, got ${quoteConfigValue(rawType)}`,
      );
  }
  const isAzure = apiType !== 'openai';
  const apiVersion = optionalString(raw, 'openai_api_version', problems);
  const deploymentName = optionalString(raw, 'openai_deployment_name', problems);
  const organization = optionalString(raw, 'openai_organization', problems);

  let apiBase: URL | undefined;
  if (isAzure) {
    if (raw.openai_api_base === undefined || raw.openai_api_base === null) {
      problems.add(['openai_api_base'], `is required when openai_api_type is ${apiType}`);
    } else {
      apiBase = parseBaseUrl(raw.openai_api_base, 'openai_api_base', problems);
    }
    if (deploymentName === undefined && raw.openai_deployment_name === undefined) {
      problems.add(['openai_deployment_name'], `is required when openai_api_type is ${apiType}`);
    }
    if (apiVersion === undefined && raw.openai_api_version === undefined) {
      problems.add(['openai_api_version'], `is required when openai_api_type is ${apiType}`);
    }
    if (organization !== undefined)
      problems.add(['openai_organization'], `is not allowed when openai_api_type is ${apiType}`);
  } else {
    apiBase = parseBaseUrl(raw.openai_api_base ?? DEFAULT_OPENAI_API_BASE, 'openai_api_base', problems);
    if (deploymentName !== undefined) {
      problems.add(['openai_deployment_name'], 'is only allowed when openai_api_type is azure or azuread');
    }
  }
  if (problems.count > before || apiKey === undefined || apiBase === undefined) return undefined;
  return { apiKey, apiType, apiBase, apiVersion, deploymentName, organization };
}
