import { createOpenAICompatibleProvider } from '../openai-compatible/create-openai-compatible-provider.js';

/** Together AI: OpenAI-compatible; `togetherai_api_base` is a Millrace addition (MLflow hard-codes the URL). */
export const togetheraiProvider = createOpenAICompatibleProvider({
  name: 'togetherai',
  displayName: 'TogetherAI',
  apiKeyField: 'togetherai_api_key',
  apiKeyRequired: true,
  apiBaseField: 'togetherai_api_base',
  defaultApiBase: 'https://api.together.xyz/v1',
  capabilities: {
    'llm/v1/chat': { stream: true },
    'llm/v1/completions': { stream: true },
    'llm/v1/embeddings': { stream: false },
  },
});
