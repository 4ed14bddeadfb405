import type { Secret } from '../../config/secret.js';
import { rejectModelField } from '../chat-translation/request-fields.js';
import { createOpenAIChatStreamMapper } from '../openai-compatible/openai-chat-stream-mapper.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import type { ProviderAdapter, ProviderDefinition } from '../provider.js';
import { mapDatabricksResponse } from './map-databricks-response.js';

export interface DatabricksModelServingConfig {
  workspaceUrl: URL;
  apiToken: Secret;
}

/**
 * `databricks-model-serving`: a Databricks Model Serving endpoint, the provider of MLflow's
 * `create_route` on Databricks and of Databricks' external models. Config:
 * `databricks_workspace_url` and `databricks_api_token` (secret, Bearer). `model.name` is the
 * serving endpoint's name (the gateway endpoint's name stands in when absent). Every endpoint type
 * calls `POST <workspace>/serving-endpoints/<name>/invocations` with the request's body as the
 * client sent it — MLflow's chat/completions/embeddings schema, which the serving endpoint takes as
 * an unwrapped LLM body (`messages` / `prompt` / `input` plus parameters as columns or params).
 * Chat streams (OpenAI-style SSE from chat endpoints).
 */
export const databricksModelServingProvider: ProviderDefinition<DatabricksModelServingConfig> = {
  name: 'databricks-model-serving',
  displayName: 'Databricks Model Serving',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: false },
    'llm/v1/embeddings': { stream: false },
  },
  parseConfig(raw, context) {
    const workspaceUrl = parseBaseUrl(
      raw.databricks_workspace_url,
      'databricks_workspace_url',
      context.problems,
    );
    const apiToken = context.resolveSecret(raw.databricks_api_token, 'databricks_api_token');
    if (workspaceUrl === undefined || apiToken === undefined) return undefined;
    return { workspaceUrl, apiToken };
  },
  secretsOf: (config) => [config.apiToken],
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.workspaceUrl);
    const dispatcher = services.dispatcherFor(origin);
    const servingEndpoint = endpoint.modelName ?? endpoint.name;
    const path = `${pathPrefix}/serving-endpoints/${encodeURIComponent(servingEndpoint)}/invocations`;
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${config.apiToken.reveal()}`,
    };
    const description = `endpoint '${endpoint.name}' (${endpoint.endpointType})`;
    const adapter: ProviderAdapter = {
      prepare(request) {
        rejectModelField(request.body);
        return { dispatcher, path, headers, body: JSON.stringify(request.body) };
      },
      mapResponse: (body, request) =>
        mapDatabricksResponse(
          endpoint.endpointType,
          body,
          servingEndpoint,
          description,
          request.body.encoding_format,
        ),
    };
    if (endpoint.endpointType === 'llm/v1/chat') {
      adapter.createStreamMapper = () => createOpenAIChatStreamMapper(servingEndpoint, true);
    }
    return adapter;
  },
};
