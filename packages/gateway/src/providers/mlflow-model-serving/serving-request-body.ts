import { GatewayHttpError } from '../../http/gateway-http-error.js';
import type { EndpointType } from '../../config/endpoint-type.js';

/**
 * MLflow's request to a scoring server for an endpoint request: the input key's value becomes
 * `inputs` (wrapped in a list unless it is one) and every other field `params`. Chat sends the
 * single message's content (role dropped), as MLflow's served pyfunc models expect.
 */
export function servingRequestBody(
  endpointType: EndpointType,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  let inputs: unknown;
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (endpointType === 'llm/v1/completions' && key === 'prompt') inputs = [value];
    else if (endpointType === 'llm/v1/embeddings' && key === 'input')
      inputs = Array.isArray(value) ? value : [value];
    else if (endpointType === 'llm/v1/chat' && key === 'messages') inputs = [singleMessageContent(value)];
    else params[key] = value;
  }
  return Object.keys(params).length === 0 ? { inputs } : { inputs, params };
}

function singleMessageContent(messages: unknown): unknown {
  const list = messages as unknown[];
  if (list.length !== 1) {
    throw GatewayHttpError.unprocessable(
      'MLflow chat models are only capable of processing a single query at a time. ' +
        `The request submitted consists of ${list.length} queries.`,
    );
  }
  const content = (list[0] as Record<string, unknown>).content;
  if (content === undefined || content === null) {
    throw GatewayHttpError.unprocessable(
      'The message sent to an MLflow model needs a content (a string or a list of content parts).',
    );
  }
  return content;
}
