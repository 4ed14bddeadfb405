import { awsEventStreamDecoder } from '../../upstream/aws-event-stream-decoder.js';
import type { ChatAdapter } from '../chat-translation/chat-adapter.js';
import { completionsViaChat } from '../chat-translation/completions-via-chat.js';
import { requireModelName } from '../chat-translation/endpoint-requirements.js';
import { splitBaseUrl } from '../openai-compatible/openai-wire-adapter.js';
import type { ProviderDefinition } from '../provider.js';
import {
  type BedrockEmbeddingFamily,
  bedrockEmbeddingFamily,
  bedrockEmbeddingsBody,
  mapBedrockEmbeddings,
} from './bedrock-embeddings.js';
import { type BedrockConfig, parseBedrockConfig } from './bedrock-config.js';
import { converseRequestBody } from './converse-request-body.js';
import { createConverseStreamMapper } from './converse-stream-mapper.js';
import { mapConverseResponse } from './map-converse-response.js';
import { createBedrockRequestSigner } from './sign-bedrock-request.js';

const JSON_MEDIA_TYPE = 'application/json';
const EVENT_STREAM_MEDIA_TYPE = 'application/vnd.amazon.eventstream';

/**
 * Amazon Bedrock (`bedrock`, MLflow's `amazon-bedrock`) through the Bedrock Runtime REST API, signed
 * with SigV4: chat and completions with Converse (`POST /model/<id>/converse`, streamed with
 * `/converse-stream` in AWS's binary event-stream framing), embeddings with InvokeModel for Titan
 * and Cohere embedding models. `model.name` is the model id or inference profile.
 */
export const bedrockProvider: ProviderDefinition<BedrockConfig> = {
  name: 'bedrock',
  aliases: ['amazon-bedrock'],
  displayName: 'Amazon Bedrock',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
  parseConfig(raw, context) {
    const before = context.problems.count;
    requireModelName(context, 'bedrock', 'the Bedrock model id or inference profile');
    const modelName = context.endpoint.modelName;
    if (
      context.endpoint.endpointType === 'llm/v1/embeddings' &&
      modelName !== null &&
      bedrockEmbeddingFamily(modelName) === undefined
    ) {
      context.endpointProblems.add(
        ['model', 'name'],
        'must name a Titan (amazon.titan-embed-…) or Cohere (cohere.embed-…) embedding model for llm/v1/embeddings',
      );
    }
    const config = parseBedrockConfig(raw, context);
    return context.problems.count > before ? undefined : config;
  },
  secretsOf(config) {
    const credentials = config.credentials;
    if (credentials.kind === 'bearer-token') return [credentials.token];
    return [
      credentials.accessKeyId,
      credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? [] : [credentials.sessionToken]),
    ];
  },
  createAdapter(endpoint, config, services) {
    const { origin, pathPrefix } = splitBaseUrl(config.endpointUrl);
    const dispatcher = services.dispatcherFor(origin);
    const model = endpoint.modelName ?? endpoint.name;
    const modelPath = `${pathPrefix}/model/${encodeURIComponent(model)}`;
    const sign = createBedrockRequestSigner(config);
    const call = async (path: string, body: Record<string, unknown>, accept: string) => {
      const text = JSON.stringify(body);
      return { dispatcher, path, headers: await sign(path, text, accept), body: text };
    };

    if (endpoint.endpointType === 'llm/v1/embeddings') {
      const family: BedrockEmbeddingFamily = bedrockEmbeddingFamily(model) ?? 'titan';
      return {
        prepare: (request) =>
          call(`${modelPath}/invoke`, bedrockEmbeddingsBody(family, request.body), JSON_MEDIA_TYPE),
        mapResponse: (body, request) =>
          mapBedrockEmbeddings(family, body, model, request.body.encoding_format),
      };
    }
    const chat: ChatAdapter = {
      prepare: (request) =>
        request.stream
          ? call(`${modelPath}/converse-stream`, converseRequestBody(request.body), EVENT_STREAM_MEDIA_TYPE)
          : call(`${modelPath}/converse`, converseRequestBody(request.body), JSON_MEDIA_TYPE),
      mapResponse: (body) => mapConverseResponse(body, model),
      createStreamMapper: () => createConverseStreamMapper(model),
      streamDecoder: awsEventStreamDecoder,
    };
    return endpoint.endpointType === 'llm/v1/completions' ? completionsViaChat(chat) : chat;
  },
};
