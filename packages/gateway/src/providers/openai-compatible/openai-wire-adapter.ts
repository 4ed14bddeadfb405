import type { EndpointType } from '../../config/endpoint-type.js';
import { completionsBodyAsChat } from '../chat-translation/completions-via-chat.js';
import type { EndpointIdentity, GatewayRequest, ProviderAdapter, ProviderServices } from '../provider.js';
import { mapOpenAIChatResponse } from './map-openai-chat-response.js';
import { mapOpenAICompletionsResponse } from './map-openai-completions-response.js';
import { mapOpenAIEmbeddingsResponse } from './map-openai-embeddings-response.js';
import { modelFieldNotPermitted } from './model-field-not-permitted.js';
import { createOpenAIChatStreamMapper } from './openai-chat-stream-mapper.js';
import { createOpenAICompletionsStreamMapper } from './openai-completions-stream-mapper.js';
import { record } from './openai-response-fields.js';

/** How one endpoint talks to an OpenAI-wire upstream; decided once, at config load. */
export interface OpenAIWireSettings {
  /** `https://api.openai.com` */
  origin: string;
  /** Prefix of the operation paths: `/v1`, or `/openai/deployments/<name>` for Azure. */
  pathPrefix: string;
  /** Appended to every path: `''` or `?api-version=…`. */
  query: string;
  /** Complete request headers, auth included. */
  headers: Readonly<Record<string, string>>;
  /** Whether the body carries `model: <model.name>` (not for Azure, whose deployment is in the URL). */
  sendModel: boolean;
  /** Ask for `stream_options.include_usage` (for token metrics) when the client did not say. */
  requestStreamUsage: boolean;
  /** Serve completions through `/chat/completions` (the prompt as a user message), for vendors without `/completions`. */
  completionsViaChat?: boolean;
}

const OPERATION_PATHS: Readonly<Record<EndpointType, string>> = {
  'llm/v1/chat': '/chat/completions',
  'llm/v1/completions': '/completions',
  'llm/v1/embeddings': '/embeddings',
};

/** Splits a configured base URL into origin and path prefix (trailing slashes dropped). */
export function splitBaseUrl(base: URL): { origin: string; pathPrefix: string } {
  return { origin: base.origin, pathPrefix: base.pathname.replace(/\/+$/, '') };
}

function clientIncludeUsage(body: Record<string, unknown>): unknown {
  return record(body.stream_options)?.include_usage;
}

/**
 * The adapter for an upstream that speaks OpenAI's wire format (OpenAI, Azure OpenAI, Together,
 * Groq, DeepSeek, Ollama, vLLM, llama.cpp server…): the client's body goes upstream as sent, plus
 * `model`; answers are normalised to MLflow's response shapes.
 */
export function createOpenAIWireAdapter(
  endpoint: EndpointIdentity,
  settings: OpenAIWireSettings,
  services: ProviderServices,
): ProviderAdapter {
  const dispatcher = services.dispatcherFor(settings.origin);
  const viaChat = settings.completionsViaChat === true && endpoint.endpointType === 'llm/v1/completions';
  const operation = viaChat ? OPERATION_PATHS['llm/v1/chat'] : OPERATION_PATHS[endpoint.endpointType];
  const path = `${settings.pathPrefix}${operation}${settings.query}`;
  const fallbackModel = endpoint.modelName ?? endpoint.name;
  const modelName = settings.sendModel ? endpoint.modelName : null;
  const type = endpoint.endpointType;

  const prepare = (request: GatewayRequest) => {
    if (request.body.model !== undefined) throw modelFieldNotPermitted();
    const sent = viaChat ? completionsBodyAsChat(request.body) : request.body;
    let body = modelName === null ? sent : { model: modelName, ...sent };
    if (request.stream && settings.requestStreamUsage && clientIncludeUsage(request.body) === undefined) {
      body = { ...body, stream_options: { ...record(request.body.stream_options), include_usage: true } };
    }
    return { dispatcher, path, headers: settings.headers, body: JSON.stringify(body) };
  };

  if (type === 'llm/v1/embeddings') {
    return { prepare, mapResponse: (body) => mapOpenAIEmbeddingsResponse(body, fallbackModel) };
  }
  if (type === 'llm/v1/completions') {
    return {
      prepare,
      mapResponse: (body) => mapOpenAICompletionsResponse(body, fallbackModel),
      createStreamMapper: (request) =>
        createOpenAICompletionsStreamMapper(fallbackModel, clientIncludeUsage(request.body) === true),
    };
  }
  return {
    prepare,
    mapResponse: (body) => mapOpenAIChatResponse(body, fallbackModel),
    createStreamMapper: (request) =>
      createOpenAIChatStreamMapper(fallbackModel, clientIncludeUsage(request.body) === true),
  };
}
