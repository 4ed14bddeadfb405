import type { EndpointType } from '../../config/endpoint-type.js';
import type { Secret } from '../../config/secret.js';
import type { ProviderDefinition } from '../provider.js';
import { createOpenAIWireAdapter, splitBaseUrl } from './openai-wire-adapter.js';
import { parseBaseUrl } from './parse-base-url.js';

/** What distinguishes one OpenAI-compatible vendor from another. */
export interface OpenAICompatibleVendor {
  name: string;
  displayName: string;
  aliases?: readonly string[];
  /** The `model.config` key of the API key (`api_key`, `togetherai_api_key`). */
  apiKeyField: string;
  /** Whether the key is required; when optional and absent, no auth header is sent. */
  apiKeyRequired: boolean;
  /** A key value meaning "no auth" (Ollama's conventional `ollama`). */
  noAuthApiKey?: string;
  /** The `model.config` key of the base URL (`api_base`). */
  apiBaseField: string;
  /** Default base URL; undefined makes the base URL required. */
  defaultApiBase?: string;
  capabilities: Readonly<Partial<Record<EndpointType, { stream: boolean }>>>;
  /** Ask for usage in streams (only for upstreams known to accept `stream_options`). Default false. */
  requestStreamUsage?: boolean;
  /** Completions go to `/chat/completions` as a one-message chat (vendors without `/completions`). */
  completionsViaChat?: boolean;
}

export interface OpenAICompatibleConfig {
  apiKey: Secret | undefined;
  apiBase: URL;
}

/**
 * A provider definition for a vendor that speaks OpenAI's wire format: Bearer auth against
 * `<base>/chat/completions`, `/completions`, `/embeddings`. Adding such a vendor is one call.
 */
export function createOpenAICompatibleProvider(
  vendor: OpenAICompatibleVendor,
): ProviderDefinition<OpenAICompatibleConfig> {
  return {
    name: vendor.name,
    aliases: vendor.aliases,
    displayName: vendor.displayName,
    capabilities: vendor.capabilities,
    parseConfig(raw, context) {
      const rawKey = raw[vendor.apiKeyField];
      const apiKey =
        rawKey === undefined && !vendor.apiKeyRequired
          ? undefined
          : context.resolveSecret(rawKey, vendor.apiKeyField);
      const rawBase = raw[vendor.apiBaseField] ?? vendor.defaultApiBase;
      const apiBase = parseBaseUrl(rawBase, vendor.apiBaseField, context.problems);
      if ((vendor.apiKeyRequired && apiKey === undefined) || apiBase === undefined) return undefined;
      return { apiKey, apiBase };
    },
    secretsOf: (config) => (config.apiKey === undefined ? [] : [config.apiKey]),
    createAdapter(endpoint, config, services) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const key = config.apiKey?.reveal();
      if (key !== undefined && key !== vendor.noAuthApiKey) headers.authorization = `Bearer ${key}`;
      return createOpenAIWireAdapter(
        endpoint,
        {
          ...splitBaseUrl(config.apiBase),
          query: '',
          headers,
          sendModel: true,
          requestStreamUsage: vendor.requestStreamUsage ?? false,
          completionsViaChat: vendor.completionsViaChat ?? false,
        },
        services,
      );
    },
  };
}
