import { MillraceError } from '@millrace/core';
import type { Dispatcher } from 'undici';
import { createHttpClient, type HttpClient } from '../http/http-client.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import {
  asRecord,
  listField,
  nextPageToken,
  optionalNumber,
  optionalString,
  recordField,
  stringField,
} from '../wire/wire-reader.js';
import { parseServerSentEvents } from './server-sent-events.js';

/** A gateway endpoint as the deployments API describes it (no secrets). */
export interface Endpoint {
  name: string;
  /** `llm/v1/chat`, `llm/v1/completions` or `llm/v1/embeddings`. */
  endpointType: string;
  model: { name?: string; provider: string };
  /** Absolute URL of the endpoint's invocations route. */
  endpointUrl: string;
  limit: { calls: number; key?: string; renewalPeriod: string } | null;
}

export interface DeploymentsClientOptions {
  headers?: Record<string, string>;
  /** Where auth variables are read (MLFLOW_TRACKING_TOKEN / USERNAME + PASSWORD); default process.env. */
  environment?: Readonly<Record<string, string | undefined>>;
  retryPolicy?: Partial<RetryPolicy>;
  /** Per-request timeout in ms. Default `MLFLOW_DEPLOYMENT_PREDICT_TIMEOUT` seconds, else 120 s. */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export interface PredictRequest {
  endpoint: string;
  /** The request body, sent as it is (`{messages: […]}`, `{prompt}`, `{input}` …). */
  inputs: Record<string, unknown>;
}

/** MLflow's deployments client for a gateway (`mlflow.deployments.get_deploy_client`). */
export interface DeploymentsClient {
  readonly target: string;
  /** `POST /endpoints/<endpoint>/invocations` with `inputs` as the body; the JSON answer. */
  predict(request: PredictRequest): Promise<unknown>;
  /**
   * The same call with `stream: true`: the parsed server-sent events, as they arrive. Errors the
   * gateway answers before streaming are thrown by the first iteration step.
   */
  predictStream(request: PredictRequest): AsyncGenerator<unknown>;
  /** Every endpoint (all pages). */
  listEndpoints(): Promise<Endpoint[]>;
  getEndpoint(name: string): Promise<Endpoint>;
  close(): Promise<void>;
}

function endpointFromWire(value: unknown, target: string): Endpoint {
  const record = asRecord(value, 'endpoint');
  const model = recordField(record, 'model');
  const limitValue = record.limit;
  let limit: Endpoint['limit'] = null;
  if (limitValue !== undefined && limitValue !== null) {
    const limitRecord = asRecord(limitValue, 'limit');
    limit = {
      calls: optionalNumber(limitRecord, 'calls') ?? 0,
      renewalPeriod: stringField(limitRecord, 'renewal_period'),
      ...(optionalString(limitRecord, 'key') === undefined
        ? {}
        : { key: optionalString(limitRecord, 'key') }),
    };
  }
  const url = stringField(record, 'endpoint_url');
  const modelName = optionalString(model, 'name');
  return {
    name: stringField(record, 'name'),
    endpointType: stringField(record, 'endpoint_type'),
    model: {
      provider: stringField(model, 'provider'),
      ...(modelName === undefined ? {} : { name: modelName }),
    },
    endpointUrl: /^https?:\/\//i.test(url) ? url : `${target}${url.startsWith('/') ? '' : '/'}${url}`,
    limit,
  };
}

function defaultTarget(): string {
  const target = process.env.MLFLOW_DEPLOYMENTS_TARGET;
  if (target === undefined || target.trim() === '') {
    throw MillraceError.invalidParameterValue(
      'No deployments target: pass the gateway URL (getDeployClient("http://127.0.0.1:7000")) or set MLFLOW_DEPLOYMENTS_TARGET.',
    );
  }
  return target;
}

function defaultTimeoutMs(environment: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(environment.MLFLOW_DEPLOYMENT_PREDICT_TIMEOUT ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 120_000;
}

function invocationsPath(endpoint: string): string {
  if (typeof endpoint !== 'string' || endpoint === '') {
    throw MillraceError.invalidParameterValue('predict needs an endpoint name.');
  }
  return `/endpoints/${encodeURIComponent(endpoint)}/invocations`;
}

/**
 * A client of a gateway (MLflow deployments server) at `target` (`http://host:port`; default
 * MLFLOW_DEPLOYMENTS_TARGET). Errors are MillraceErrors with the gateway's `detail` as message
 * and its HTTP status.
 */
export function getDeployClient(target?: string, options: DeploymentsClientOptions = {}): DeploymentsClient {
  const resolvedTarget = (target ?? defaultTarget()).trim().replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(resolvedTarget)) {
    throw MillraceError.invalidParameterValue(
      `Unsupported deployments target '${resolvedTarget}': give the gateway's http:// or https:// URL.`,
    );
  }
  const environment = options.environment ?? process.env;
  const http: HttpClient = createHttpClient({
    baseUrl: resolvedTarget,
    headers: options.headers,
    environment,
    retryPolicy: options.retryPolicy,
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs(environment),
    dispatcher: options.dispatcher,
  });

  async function getEndpoint(name: string): Promise<Endpoint> {
    const answer = await http.json({
      method: 'GET',
      path: `/api/2.0/endpoints/${encodeURIComponent(name)}`,
      idempotent: true,
    });
    return endpointFromWire(answer, resolvedTarget);
  }

  async function listEndpoints(): Promise<Endpoint[]> {
    const endpoints: Endpoint[] = [];
    let pageToken: string | undefined;
    do {
      const answer = asRecord(
        await http.json({
          method: 'GET',
          path: '/api/2.0/endpoints/',
          query: { page_token: pageToken },
          idempotent: true,
        }),
        'endpoint listing',
      );
      endpoints.push(...listField(answer, 'endpoints').map((item) => endpointFromWire(item, resolvedTarget)));
      pageToken = nextPageToken(answer);
    } while (pageToken !== undefined);
    return endpoints;
  }

  async function predict(request: PredictRequest): Promise<unknown> {
    // Not retried but for refused connections: an LLM call is not idempotent.
    return http.json({
      method: 'POST',
      path: invocationsPath(request.endpoint),
      json: request.inputs,
      idempotent: false,
    });
  }

  async function* predictStream(request: PredictRequest): AsyncGenerator<unknown> {
    const response = await http.open({
      method: 'POST',
      path: invocationsPath(request.endpoint),
      json: { ...request.inputs, stream: true },
      headers: { accept: 'text/event-stream' },
      idempotent: false,
    });
    try {
      const contentType = String(response.headers['content-type'] ?? '');
      if (!contentType.includes('text/event-stream')) {
        // An endpoint that answered JSON to a streaming request: one chunk.
        const text = await response.body.text();
        yield JSON.parse(text) as unknown;
        return;
      }
      try {
        yield* parseServerSentEvents(response.body);
      } catch (error) {
        if (MillraceError.isInstance(error)) throw error;
        throw new MillraceError(
          'INTERNAL_ERROR',
          `The stream of endpoint '${request.endpoint}' broke off: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    } finally {
      if (!response.body.readableEnded) response.body.destroy();
    }
  }

  return {
    target: resolvedTarget,
    predict,
    predictStream,
    listEndpoints,
    getEndpoint,
    close: () => http.close(),
  };
}
