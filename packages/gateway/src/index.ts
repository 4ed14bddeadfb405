export { createGatewayApp, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_SECONDS } from './create-gateway-app.js';
export type { GatewayApp, GatewayAppOptions } from './create-gateway-app.js';
export { loadGatewayConfig, parseGatewayConfig } from './config/load-gateway-config.js';
export { validateGatewayConfig, type GatewayConfigOptions } from './config/validate-gateway-config.js';
export {
  watchGatewayConfig,
  type ConfigWatcher,
  type WatchGatewayConfigOptions,
} from './config/watch-gateway-config.js';
export { GatewayConfigError } from './config/gateway-config-error.js';
export type { ConfigProblem } from './config/config-problem.js';
export type {
  EndpointConfig,
  EndpointLimit,
  GatewayConfig,
  TrafficRouteConfig,
  TrafficRouteDestination,
} from './config/gateway-config.js';
export { ENDPOINT_TYPES, type EndpointType } from './config/endpoint-type.js';
export { Secret } from './config/secret.js';
export {
  checkEndpointCompatibility,
  type CompatibilityCheckOptions,
  type CompatibilityWarning,
} from './compatibility/check-endpoint-compatibility.js';
export { createRateLimitStore } from './rate-limit/create-rate-limit-store.js';
export {
  createMemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
} from './rate-limit/memory-rate-limit-store.js';
export {
  createRedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from './rate-limit/redis-rate-limit-store.js';
export type { RateLimitHit, RateLimitStore } from './rate-limit/rate-limit-store.js';
export { consoleGatewayLogger, silentGatewayLogger, type GatewayLogger } from './gateway-logger.js';
export { GatewayHttpError, type ValidationIssue } from './http/gateway-http-error.js';
export { OVERHEAD_HEADER } from './http/overhead-header.js';
export { ProviderRegistry, normaliseProviderName } from './providers/provider-registry.js';
export { BUILT_IN_PROVIDERS, createDefaultProviderRegistry } from './providers/built-in-providers.js';
export type {
  EndpointIdentity,
  GatewayRequest,
  MappedChunk,
  ProviderAdapter,
  ProviderConfigContext,
  ProviderDefinition,
  ProviderServices,
  StreamMapper,
  TokenUsage,
} from './providers/provider.js';
export {
  createOpenAICompatibleProvider,
  type OpenAICompatibleConfig,
  type OpenAICompatibleVendor,
} from './providers/openai-compatible/create-openai-compatible-provider.js';
export {
  createOpenAIWireAdapter,
  type OpenAIWireSettings,
} from './providers/openai-compatible/openai-wire-adapter.js';
export type { UpstreamCall } from './upstream/call-upstream.js';
export type { UpstreamStreamDecoder, UpstreamStreamEvent } from './upstream/upstream-stream-decoder.js';
export { serverSentEventsDecoder } from './upstream/server-sent-events-decoder.js';
export { awsEventStreamDecoder } from './upstream/aws-event-stream-decoder.js';
