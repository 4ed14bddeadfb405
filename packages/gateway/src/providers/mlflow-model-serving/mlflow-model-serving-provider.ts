import type { ProviderDefinition } from '../provider.js';
import { parseBaseUrl } from '../openai-compatible/parse-base-url.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import { embeddingPredictions, textPredictions } from './map-serving-predictions.js';
import { servingRequestBody } from './serving-request-body.js';

export interface MlflowModelServingConfig {
  modelServerUrl: URL;
}

const HEADERS = { 'content-type': 'application/json' } as const;
const NULL_USAGE = { prompt_tokens: null, completion_tokens: null, total_tokens: null } as const;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * `mlflow-model-serving`: a model served by `mlflow models serve` or `millrace models serve`,
 * called with MLflow's scoring protocol at `<model_server_url>/invocations`. No streaming (MLflow's
 * scoring protocol has none for this provider). Responses carry the config's `model.name` (or the
 * endpoint name when the config has none: MLflow answers 500 there).
 */
export const mlflowModelServingProvider: ProviderDefinition<MlflowModelServingConfig> = {
  name: 'mlflow-model-serving',
  displayName: 'MLflow Model Serving',
  capabilities: {
    'llm/v1/chat': { stream: false },
    'llm/v1/completions': { stream: false },
    'llm/v1/embeddings': { stream: false },
  },
  parseConfig(raw, context) {
    const modelServerUrl = parseBaseUrl(raw.model_server_url, 'model_server_url', context.problems);
    return modelServerUrl === undefined ? undefined : { modelServerUrl };
  },
  secretsOf: () => [],
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.modelServerUrl);
    const dispatcher = services.dispatcherFor(origin);
    const path = `${pathPrefix}/invocations`;
    const model = endpoint.modelName ?? endpoint.name;
    const description = `endpoint '${endpoint.name}' (${endpoint.endpointType})`;
    const type = endpoint.endpointType;
    return {
      prepare: (request) => ({
        dispatcher,
        path,
        headers: HEADERS,
        body: JSON.stringify(servingRequestBody(type, request.body)),
      }),
      mapResponse(body) {
        if (type === 'llm/v1/embeddings') {
          return {
            object: 'list',
            data: embeddingPredictions(body, description).map((embedding, index) => ({
              object: 'embedding',
              embedding,
              index,
            })),
            model,
            usage: { prompt_tokens: null, total_tokens: null },
          };
        }
        const texts = textPredictions(body, description);
        if (type === 'llm/v1/completions') {
          return {
            id: null,
            object: 'text_completion',
            created: now(),
            model,
            choices: texts.map((text, index) => ({ index, text, finish_reason: null })),
            usage: NULL_USAGE,
          };
        }
        return {
          id: null,
          object: 'chat.completion',
          created: now(),
          model,
          choices: texts.map((content, index) => ({
            index,
            message: { role: 'assistant', content, tool_calls: null, refusal: null },
            finish_reason: null,
          })),
          usage: NULL_USAGE,
        };
      },
    };
  },
};
