import type { ProviderDefinition } from '../provider.js';
import { parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { mapTgiResponse } from './map-tgi-response.js';
import { tgiRequestBody } from './tgi-request-body.js';

export interface TgiConfig {
  serverUrl: URL;
}

const HEADERS = { 'content-type': 'application/json' } as const;

/** Hugging Face Text Generation Inference: completions through `POST <hf_server_url>/generate`, no auth, no streaming. */
export const huggingfaceTextGenerationInferenceProvider: ProviderDefinition<TgiConfig> = {
  name: 'huggingface-text-generation-inference',
  displayName: 'Hugging Face Text Generation Inference',
  capabilities: { 'llm/v1/completions': { stream: false } },
  parseConfig(raw, context) {
    const serverUrl = parseBaseUrl(raw.hf_server_url, 'hf_server_url', context.problems);
    return serverUrl === undefined ? undefined : { serverUrl };
  },
  secretsOf: () => [],
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.serverUrl);
    const dispatcher = services.dispatcherFor(origin);
    const path = `${pathPrefix}/generate`;
    const model = endpoint.modelName ?? endpoint.name;
    return {
      prepare: (request) => ({
        dispatcher,
        path,
        headers: HEADERS,
        body: JSON.stringify(tgiRequestBody(request.body)),
      }),
      mapResponse: (body) => mapTgiResponse(body, model),
    };
  },
};
