export const ENDPOINT_TYPES = ['llm/v1/completions', 'llm/v1/chat', 'llm/v1/embeddings'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

export function isEndpointType(value: unknown): value is EndpointType {
  return typeof value === 'string' && (ENDPOINT_TYPES as readonly string[]).includes(value);
}

/** The word MLflow uses for an endpoint type in messages: chat, completions, embeddings. */
export function endpointTypeWord(type: EndpointType): 'chat' | 'completions' | 'embeddings' {
  if (type === 'llm/v1/chat') return 'chat';
  if (type === 'llm/v1/completions') return 'completions';
  return 'embeddings';
}
