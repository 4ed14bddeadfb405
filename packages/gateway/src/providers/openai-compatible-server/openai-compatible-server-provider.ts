import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/**
 * Any self-hosted server with an OpenAI-compatible API (vLLM, llama.cpp server, LM Studio, TGI's
 * Messages API…): `api_base` required, `api_key` optional. A Millrace addition (MLflow users point
 * the `openai` provider at such servers, which forces a key).
 */
export const openaiCompatibleServerProvider = createOpenAICompatibleProvider({
  name: 'openai-compatible',
  displayName: 'OpenAI-compatible server',
  apiKeyField: 'api_key',
  apiKeyRequired: false,
  apiBaseField: 'api_base',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
});
