import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/**
 * Mistral's La Plateforme, OpenAI-compatible: chat (streamed), completions through
 * `/chat/completions` (as MLflow does; Mistral's `/fim/completions` is for code models), embeddings.
 * `mistral_api_key` (secret); `mistral_api_base` is a Millrace addition. Temperature goes as sent
 * (MLflow halves it; Mistral's range is 0..1.5, not 0..1).
 */
export const mistralProvider = createOpenAICompatibleProvider({
  name: 'mistral',
  displayName: 'Mistral',
  apiKeyField: 'mistral_api_key',
  apiKeyRequired: true,
  apiBaseField: 'mistral_api_base',
  defaultApiBase: 'https://api.mistral.ai/v1',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
  completionsViaChat: true,
});
