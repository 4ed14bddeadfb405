import type { Dispatcher } from 'undici';
import type { ConfigProblems } from '../config/config-problem.js';
import type { EndpointType } from '../config/endpoint-type.js';
import type { SecretSources } from '../config/resolve-secret.js';
import type { Secret } from '../config/secret.js';
import type { UpstreamCall } from '../upstream/call-upstream.js';
import type { UpstreamStreamDecoder } from '../upstream/upstream-stream-decoder.js';

/** What a provider knows about the endpoint it serves. */
export interface EndpointIdentity {
  name: string;
  endpointType: EndpointType;
  /** `model.name` from the config (the upstream model id), or null. */
  modelName: string | null;
}

/** A validated client request, ready for a provider. */
export interface GatewayRequest {
  /**
   * The client's JSON body after validation: top-level nulls removed, lax-coerced scalars, and
   * `model` removed on the OpenAI-compatible routes. Everything else is the client's, verbatim.
   */
  body: Record<string, unknown>;
  stream: boolean;
}

/** Token counts reported by the upstream (for metrics). */
export interface TokenUsage {
  promptTokens: number | undefined;
  completionTokens: number | undefined;
}

/** The result of mapping one upstream stream event. */
export interface MappedChunk {
  /** The chunk to send to the client as `data: <json>`, or undefined to send nothing. */
  chunk: unknown;
  usage?: TokenUsage;
}

/** Maps the events of one upstream stream; stateful per request. */
export interface StreamMapper {
  /**
   * Maps one parsed upstream event: its JSON payload and its name (SSE `event:`, AWS
   * `:event-type`; undefined when the stream does not name events). Throws UpstreamShapeError for
   * an event it cannot read.
   */
  map(data: unknown, event?: string): MappedChunk;
  /** Called once when the upstream stream ended cleanly: a last chunk held back (e.g. until usage arrived). */
  finish?(): MappedChunk | undefined;
}

/**
 * A provider bound to one endpoint: everything that can be decided at config load (URL, headers,
 * model name) is decided when it is created; per request it only rewrites bodies.
 */
export interface ProviderAdapter {
  /**
   * The upstream call for a request; throws GatewayHttpError (422) for requests the provider
   * refuses. Asynchronous only where the call needs it (request signing).
   */
  prepare(request: GatewayRequest): UpstreamCall | Promise<UpstreamCall>;
  /**
   * Maps the upstream's 2xx JSON answer to the endpoint type's response (the request is given for
   * client choices such as `encoding_format`); throws UpstreamShapeError.
   */
  mapResponse(body: unknown, request: GatewayRequest): unknown;
  /** Present when the provider streams this endpoint type. */
  createStreamMapper?(request: GatewayRequest): StreamMapper;
  /** How the upstream's stream is framed. Default: server-sent events with JSON data. */
  streamDecoder?: UpstreamStreamDecoder;
}

/** What a provider gets from the gateway when its adapters are created. */
export interface ProviderServices {
  /** The shared keep-alive pool for an upstream origin (`http://host:port`). */
  dispatcherFor(origin: string): Dispatcher;
}

/** What a provider gets while its `model.config` is checked. */
export interface ProviderConfigContext {
  /** Problems, with paths relative to `model.config`. */
  problems: ConfigProblems;
  /** Problems about the endpoint entry itself (`model.name`, `endpoint_type`), paths relative to it. */
  endpointProblems: ConfigProblems;
  /** Resolves an API-key field (`$ENV`, secret file, literal) at a path relative to `model.config`. */
  resolveSecret(value: unknown, key: string): Secret | undefined;
  secretSources: SecretSources;
  endpoint: EndpointIdentity;
}

/**
 * A provider: one folder under `providers/`, one line in the registry. `TConfig` is the provider's
 * parsed `model.config`.
 */
export interface ProviderDefinition<TConfig = unknown> {
  /** Canonical name, as reported in endpoint descriptors (`openai`, `mlflow-model-serving`). */
  readonly name: string;
  /** Other accepted names (beyond MLflow's case and `-`/`_` normalisation). */
  readonly aliases?: readonly string[];
  /** For messages: `OpenAI`, `MLflow Model Serving`. */
  readonly displayName: string;
  /** The endpoint types it serves and whether it streams them. */
  readonly capabilities: Readonly<Partial<Record<EndpointType, { stream: boolean }>>>;
  /** Checks and parses `model.config`; reports problems and returns undefined when unusable. */
  parseConfig(raw: Record<string, unknown>, context: ProviderConfigContext): TConfig | undefined;
  /** The secrets of a parsed config, to scrub them from upstream error messages. */
  secretsOf(config: TConfig): readonly Secret[];
  /** Binds the provider to an endpoint (called only for endpoint types listed in `capabilities`). */
  createAdapter(endpoint: EndpointIdentity, config: TConfig, services: ProviderServices): ProviderAdapter;
}
