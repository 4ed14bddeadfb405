import type { Secret } from '../../config/secret.js';
import type { ChatAdapter } from '../chat-translation/chat-adapter.js';
import { completionsViaChat } from '../chat-translation/completions-via-chat.js';
import { requireModelName } from '../chat-translation/endpoint-requirements.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import type { ProviderDefinition } from '../provider.js';
import { cohereChatBody } from './cohere-chat-body.js';
import { cohereEmbedBody, mapCohereEmbeddings } from './cohere-embeddings.js';
import { createCohereStreamMapper } from './cohere-stream-mapper.js';
import { mapCohereResponse } from './map-cohere-response.js';

export const DEFAULT_COHERE_API_BASE = 'https://api.cohere.com/v2';

export interface CohereConfig {
  apiKey: Secret;
  apiBase: URL;
}

/**
 * Cohere's v2 API (MLflow 3.6 still calls v1's `/generate` and `/embed`). Config: `cohere_api_key`
 * (secret, Bearer) and, a Millrace addition, `cohere_api_base` (default https://api.cohere.com/v2).
 * Chat and completions: `POST <base>/chat` (streamed as SSE); embeddings: `POST <base>/embed`.
 */
export const cohereProvider: ProviderDefinition<CohereConfig> = {
  name: 'cohere',
  displayName: 'Cohere',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
  parseConfig(raw, context) {
    const before = context.problems.count;
    requireModelName(context, 'cohere', 'the Cohere model id, e.g. command-r-plus-08-2024');
    const apiKey = context.resolveSecret(raw.cohere_api_key, 'cohere_api_key');
    const apiBase = parseBaseUrl(
      raw.cohere_api_base ?? DEFAULT_COHERE_API_BASE,
      'cohere_api_base',
      context.problems,
    );
    if (context.problems.count > before || apiKey === undefined || apiBase === undefined) return undefined;
    return { apiKey, apiBase };
  },
  secretsOf: (config) => [config.apiKey],
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.apiBase);
    const dispatcher = services.dispatcherFor(origin);
    const model = endpoint.modelName ?? endpoint.name;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${config.apiKey.reveal()}` };
    const streamHeaders = { ...headers, accept: 'text/event-stream' };
    if (endpoint.endpointType === 'llm/v1/embeddings') {
      const path = `${pathPrefix}/embed`;
      return {
        prepare: (request) => ({
          dispatcher,
          path,
          headers,
          body: JSON.stringify(cohereEmbedBody(request.body, model)),
        }),
        mapResponse: (body, request) => mapCohereEmbeddings(body, model, request.body.encoding_format),
      };
    }
    const path = `${pathPrefix}/chat`;
    const chat: ChatAdapter = {
      prepare: (request) => ({
        dispatcher,
        path,
        headers: request.stream ? streamHeaders : headers,
        body: JSON.stringify(cohereChatBody(request.body, model, request.stream)),
      }),
      mapResponse: (body) => mapCohereResponse(body, model),
      createStreamMapper: () => createCohereStreamMapper(model),
    };
    return endpoint.endpointType === 'llm/v1/completions' ? completionsViaChat(chat) : chat;
  },
};
