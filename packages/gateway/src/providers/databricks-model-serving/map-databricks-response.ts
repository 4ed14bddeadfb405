import type { EndpointType } from '../../config/endpoint-type.js';
import { embeddingsResponse, isVector } from '../chat-translation/embeddings-response.js';
import { nowInSeconds } from '../chat-translation/chat-response.js';
import { embeddingPredictions, textPredictions } from '../mlflow-model-serving/map-serving-predictions.js';
import { mapOpenAIChatResponse } from '../openai-compatible/map-openai-chat-response.js';
import { mapOpenAICompletionsResponse } from '../openai-compatible/map-openai-completions-response.js';
import { mapOpenAIEmbeddingsResponse } from '../openai-compatible/map-openai-embeddings-response.js';
import { record } from '../openai-compatible/openai-response-fields.js';

const NULL_USAGE = { prompt_tokens: null, completion_tokens: null, total_tokens: null } as const;

/** A one-item array around an OpenAI-shaped answer (transformers `llm/v1/*` models, MLflow issue #14429) is unwrapped. */
function unwrap(body: unknown): unknown {
  if (Array.isArray(body) && body.length === 1) {
    const only = record(body[0]);
    if (only !== undefined && ('choices' in only || 'data' in only)) return only;
  }
  return body;
}

function texts(answer: unknown, description: string): string[] {
  if (typeof answer === 'string') return [answer];
  const wrapped = record(answer);
  return textPredictions(
    wrapped !== undefined && 'predictions' in wrapped ? wrapped : { predictions: answer },
    description,
  );
}

/**
 * A serving endpoint's answer for an endpoint type. Databricks Model Serving runs MLflow's scoring
 * server, which answers an unwrapped LLM body with the model's own output: OpenAI-shaped objects
 * from chat/completions/embeddings models (mapped like OpenAI's), and for custom pyfunc models a
 * string, a list of strings or vectors, or `{"predictions": …}` (read like `mlflow-model-serving`).
 */
export function mapDatabricksResponse(
  endpointType: EndpointType,
  body: unknown,
  model: string,
  description: string,
  encodingFormat: unknown,
): unknown {
  const answer = unwrap(body);
  const object = record(answer);
  if (endpointType === 'llm/v1/embeddings') {
    if (object !== undefined && Array.isArray(object.data)) return mapOpenAIEmbeddingsResponse(object, model);
    const vectors =
      Array.isArray(answer) && answer.every(isVector) && answer.length > 0
        ? (answer as number[][])
        : embeddingPredictions(
            object !== undefined && 'predictions' in object ? object : { predictions: answer },
            description,
          );
    return embeddingsResponse(vectors, model, null, encodingFormat);
  }
  if (
    object !== undefined &&
    Array.isArray(object.choices) &&
    object.choices.some((choice) => record(choice) !== undefined)
  ) {
    return endpointType === 'llm/v1/chat'
      ? mapOpenAIChatResponse(object, model)
      : mapOpenAICompletionsResponse(object, model);
  }
  const choices = texts(answer, description);
  if (endpointType === 'llm/v1/completions') {
    return {
      id: null,
      object: 'text_completion',
      created: nowInSeconds(),
      model,
      choices: choices.map((text, index) => ({ index, text, finish_reason: null })),
      usage: NULL_USAGE,
    };
  }
  return {
    id: null,
    object: 'chat.completion',
    created: nowInSeconds(),
    model,
    choices: choices.map((content, index) => ({
      index,
      message: { role: 'assistant', content, tool_calls: null, refusal: null },
      finish_reason: null,
    })),
    usage: NULL_USAGE,
  };
}
