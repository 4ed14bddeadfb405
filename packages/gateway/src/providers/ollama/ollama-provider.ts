import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/** Ollama's OpenAI-compatible API (MLflow 3.11): no key needed; the key `ollama` means no auth header. */
export const ollamaProvider = createOpenAICompatibleProvider({
  name: 'ollama',
  displayName: 'Ollama',
  apiKeyField: 'api_key',
  apiKeyRequired: false,
  noAuthApiKey: 'ollama',
  apiBaseField: 'api_base',
  defaultApiBase: 'http://localhost:11434/v1',
  capabilities: { 'llm/v1/chat': { stream: true }, 'llm/v1/embeddings': { stream: false } },
});
