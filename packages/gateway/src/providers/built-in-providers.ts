import { anthropicProvider } from './anthropic/anthropic-provider.js';
import { bedrockProvider } from './bedrock/bedrock-provider.js';
import { cohereProvider } from './cohere/cohere-provider.js';
import { databricksModelServingProvider } from './databricks-model-serving/databricks-model-serving-provider.js';
import { deepseekProvider } from './deepseek/deepseek-provider.js';
import { geminiProvider } from './gemini/gemini-provider.js';
import { groqProvider } from './groq/groq-provider.js';
import { huggingfaceTextGenerationInferenceProvider } from './huggingface-text-generation-inference/huggingface-text-generation-inference-provider.js';
import { mistralProvider } from './mistral/mistral-provider.js';
import { mlflowModelServingProvider } from './mlflow-model-serving/mlflow-model-serving-provider.js';
import { ollamaProvider } from './ollama/ollama-provider.js';
import { openaiCompatibleServerProvider } from './openai-compatible-server/openai-compatible-server-provider.js';
import { azureProvider, openaiProvider } from './openai/openai-provider.js';
import type { ProviderDefinition } from './provider.js';
import { ProviderRegistry } from './provider-registry.js';
import { togetheraiProvider } from './togetherai/togetherai-provider.js';

/** Every built-in provider; a new provider is one folder and one line here. */
export const BUILT_IN_PROVIDERS: readonly ProviderDefinition[] = [
  openaiProvider,
  azureProvider,
  mlflowModelServingProvider,
  huggingfaceTextGenerationInferenceProvider,
  togetheraiProvider,
  groqProvider,
  deepseekProvider,
  ollamaProvider,
  openaiCompatibleServerProvider,
  anthropicProvider,
  geminiProvider,
  cohereProvider,
  bedrockProvider,
  mistralProvider,
  databricksModelServingProvider,
];

/** A registry holding the built-in providers (a new one per call, so callers may add their own). */
export function createDefaultProviderRegistry(): ProviderRegistry {
  return new ProviderRegistry(BUILT_IN_PROVIDERS);
}
