import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/** DeepSeek: OpenAI-compatible chat and embeddings (MLflow 3.11 config keys `api_key`, `api_base`). */
export const deepseekProvider = createOpenAICompatibleProvider({
  name: 'deepseek',
  displayName: 'DeepSeek',
  apiKeyField: 'api_key',
  apiKeyRequired: true,
  apiBaseField: 'api_base',
  defaultApiBase: 'https://api.deepseek.com/v1',
  capabilities: { 'llm/v1/chat': { stream: true }, 'llm/v1/embeddings': { stream: false } },
});
