import type { Secret } from '../../config/secret.js';
import type { ChatAdapter } from '../chat-translation/chat-adapter.js';
import { completionsViaChat } from '../chat-translation/completions-via-chat.js';
import { requireModelName } from '../chat-translation/endpoint-requirements.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import type { ProviderDefinition } from '../provider.js';
import { geminiEmbeddingsCall, mapGeminiEmbeddings } from './gemini-embeddings.js';
import { geminiGenerateContentBody } from './gemini-request-body.js';
import { createGeminiStreamMapper } from './gemini-stream-mapper.js';
import { mapGeminiResponse } from './map-gemini-response.js';

export const DEFAULT_GEMINI_API_BASE = 'https://generativelanguage.googleapis.com/v1beta';

export interface GeminiConfig {
  apiKey: Secret;
  apiBase: URL;
}

/** `gemini-2.0-flash` → `models/gemini-2.0-flash`; names already qualified (`models/…`, `tunedModels/…`) stay. */
export function geminiModelPath(name: string): string {
  return name.includes('/') ? name : `models/${name}`;
}

/**
 * Google's Gemini API. Config: `gemini_api_key` (secret, sent as `x-goog-api-key`) and, a Millrace
 * addition, `gemini_api_base` (default https://generativelanguage.googleapis.com/v1beta). Chat and
 * completions: `POST <base>/models/<model>:generateContent`, streamed with
 * `:streamGenerateContent?alt=sse`; embeddings: `:embedContent` / `:batchEmbedContents`.
 */
export const geminiProvider: ProviderDefinition<GeminiConfig> = {
  name: 'gemini',
  displayName: 'Gemini',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
  parseConfig(raw, context) {
    const before = context.problems.count;
    requireModelName(context, 'gemini', 'the Gemini model id, e.g. gemini-2.0-flash');
    const apiKey = context.resolveSecret(raw.gemini_api_key, 'gemini_api_key');
    const apiBase = parseBaseUrl(
      raw.gemini_api_base ?? DEFAULT_GEMINI_API_BASE,
      'gemini_api_base',
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
    const modelPath = geminiModelPath(model);
    const operationPath = (operation: string) => `${pathPrefix}/${modelPath}:${operation}`;
    const headers = { 'content-type': 'application/json', 'x-goog-api-key': config.apiKey.reveal() };

    if (endpoint.endpointType === 'llm/v1/embeddings') {
      return {
        prepare(request) {
          const call = geminiEmbeddingsCall(request.body, modelPath);
          return {
            dispatcher,
            path: operationPath(call.operation),
            headers,
            body: JSON.stringify(call.body),
          };
        },
        mapResponse: (body, request) => mapGeminiEmbeddings(body, model, request.body.encoding_format),
      };
    }
    const generatePath = operationPath('generateContent');
    const streamPath = `${operationPath('streamGenerateContent')}?alt=sse`;
    const chat: ChatAdapter = {
      prepare: (request) => ({
        dispatcher,
        path: request.stream ? streamPath : generatePath,
        headers,
        body: JSON.stringify(geminiGenerateContentBody(request.body)),
      }),
      mapResponse: (body) => mapGeminiResponse(body, model),
      createStreamMapper: () => createGeminiStreamMapper(model),
    };
    return endpoint.endpointType === 'llm/v1/completions' ? completionsViaChat(chat) : chat;
  },
};
