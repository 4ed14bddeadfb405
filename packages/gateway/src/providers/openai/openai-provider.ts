import type { ProviderDefinition } from '../provider.js';
import { createOpenAIWireAdapter, splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { type OpenAIApiType, type OpenAIConfig, parseOpenAIConfig } from './openai-config.js';

function authHeaders(config: OpenAIConfig): Record<string, string> {
  const key = config.apiKey.reveal();
  if (config.apiType === 'azure') return { 'content-type': 'application/json', 'api-key': key };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${key}`,
  };
  if (config.organization !== undefined) headers['openai-organization'] = config.organization;
  return headers;
}

/**
 * OpenAI and Azure OpenAI. OpenAI: `POST <base>/<operation>[?api-version=V]` with Bearer auth,
 * `OpenAI-Organization` when set, `model` in the body, and `stream_options.include_usage` requested
 * on streams (so token metrics work; the usage-only chunk is only relayed when the client asked).
 * Azure: `<base>/openai/deployments/<deployment>/<operation>?api-version=V`, `api-key` header
 * (Bearer for azuread), no `model` in the body.
 */
export function createOpenAIProvider(
  name: string,
  defaultApiType: OpenAIApiType,
  aliases?: readonly string[],
): ProviderDefinition<OpenAIConfig> {
  return {
    name,
    aliases,
    displayName: defaultApiType === 'openai' ? 'OpenAI' : 'Azure OpenAI',
    capabilities: {
      'llm/v1/chat': { stream: true },
      'llm/v1/completions': { stream: true },
      'llm/v1/embeddings': { stream: false },
    },
    parseConfig: (raw, context) => parseOpenAIConfig(raw, context, defaultApiType),
    secretsOf: (config) => [config.apiKey],
    createAdapter(endpoint, config, services) {
      const { origin, pathPrefix } = splitBaseUrl(config.apiBase);
      const isAzure = config.apiType !== 'openai';
      const version =
        config.apiVersion === undefined ? '' : `?api-version=${encodeURIComponent(config.apiVersion)}`;
      return createOpenAIWireAdapter(
        endpoint,
        {
          origin,
          pathPrefix: isAzure
            ? `${pathPrefix}/openai/deployments/${encodeURIComponent(config.deploymentName ?? '')}`
            : pathPrefix,
          query: version,
          headers: authHeaders(config),
          sendModel: !isAzure,
          requestStreamUsage: !isAzure,
        },
        services,
      );
    },
  };
}

export const openaiProvider = createOpenAIProvider('openai', 'openai');
/** MLflow 3.11's `azure` provider name: the OpenAI provider with `openai_api_type: azure` by default. */
export const azureProvider = createOpenAIProvider('azure', 'azure');
