import type { Secret } from '../../config/secret.js';
import type { ChatAdapter } from '../chat-translation/chat-adapter.js';
import { completionsViaChat } from '../chat-translation/completions-via-chat.js';
import { refuseEndpointType, requireModelName } from '../chat-translation/endpoint-requirements.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { optionalString, parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import type { ProviderDefinition } from '../provider.js';
import { anthropicMessagesBody } from './anthropic-messages-body.js';
import { createAnthropicStreamMapper } from './anthropic-stream-mapper.js';
import { mapAnthropicResponse } from './map-anthropic-response.js';

export const DEFAULT_ANTHROPIC_API_BASE = 'https://api.anthropic.com/v1';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicConfig {
  apiKey: Secret;
  version: string;
  apiBase: URL;
}

/**
 * Anthropic's Messages API. Config: `anthropic_api_key` (secret), `anthropic_version` (default
 * 2023-06-01) and, a Millrace addition, `anthropic_api_base` (default
 * https://api.anthropic.com/v1). Chat and completions both go to `POST <base>/messages` (MLflow
 * sends completions to the retired `/v1/complete`); both stream. Anthropic has no embeddings API:
 * an embeddings endpoint is a config error.
 */
export const anthropicProvider: ProviderDefinition<AnthropicConfig> = {
  name: 'anthropic',
  displayName: 'Anthropic',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
  },
  parseConfig(raw, context) {
    const before = context.problems.count;
    requireModelName(context, 'anthropic', 'the Claude model id');
    refuseEndpointType(
      context,
      'anthropic',
      'llm/v1/embeddings',
      ['llm/v1/chat', 'llm/v1/completions'],
      'Anthropic has no embeddings API',
    );
    const apiKey = context.resolveSecret(raw.anthropic_api_key, 'anthropic_api_key');
    const version = optionalString(raw, 'anthropic_version', context.problems) ?? DEFAULT_ANTHROPIC_VERSION;
    const apiBase = parseBaseUrl(
      raw.anthropic_api_base ?? DEFAULT_ANTHROPIC_API_BASE,
      'anthropic_api_base',
      context.problems,
    );
    if (context.problems.count > before) return undefined;
    if (apiKey === undefined || apiBase === undefined) return undefined;
    return { apiKey, version, apiBase };
  },
  secretsOf: (config) => [config.apiKey],
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.apiBase);
    const dispatcher = services.dispatcherFor(origin);
    const path = `${pathPrefix}/messages`;
    const model = endpoint.modelName ?? endpoint.name;
    const headers = {
      'content-type': 'application/json',
      'x-api-key': config.apiKey.reveal(),
      'anthropic-version': config.version,
    };
    const chat: ChatAdapter = {
      prepare: (request) => ({
        dispatcher,
        path,
        headers,
        body: JSON.stringify(anthropicMessagesBody(request.body, model, request.stream)),
      }),
      mapResponse: (body) => mapAnthropicResponse(body, model),
      createStreamMapper: () => createAnthropicStreamMapper(model),
    };
    return endpoint.endpointType === 'llm/v1/completions' ? completionsViaChat(chat) : chat;
  },
};
