import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/** Groq: OpenAI-compatible chat and embeddings (MLflow 3.11 config keys `api_key`, `api_base`). */
export const groqProvider = createOpenAICompatibleProvider({
  name: 'groq',
  displayName: 'Groq',
  apiKeyField: 'api_key',
  apiKeyRequired: true,
  apiBaseField: 'api_base',
  defaultApiBase: 'https://api.groq.com/openai/v1',
  capabilities: { 'llm/v1/chat': { stream: true }, 'llm/v1/embeddings': { stream: false } },
});
