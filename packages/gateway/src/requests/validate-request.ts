import type { EndpointType } from '../config/endpoint-type.js';
import { validateChatRequest } from './validate-chat-request.js';
import { validateCompletionsRequest } from './validate-completions-request.js';
import { validateEmbeddingsRequest } from './validate-embeddings-request.js';
import type { ValidatedRequest } from './validated-request.js';

const VALIDATORS: Readonly<Record<EndpointType, (body: unknown) => ValidatedRequest>> = {
  'llm/v1/chat': validateChatRequest,
  'llm/v1/completions': validateCompletionsRequest,
  'llm/v1/embeddings': validateEmbeddingsRequest,
};

/** Validates a parsed body for an endpoint type; throws a 422 GatewayHttpError listing every issue. */
export function validateRequest(endpointType: EndpointType, body: unknown): ValidatedRequest {
  return VALIDATORS[endpointType](body);
}
