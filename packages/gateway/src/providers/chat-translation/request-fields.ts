import { GatewayHttpError } from '../../http/gateway-http-error.js';
import { modelFieldNotPermitted } from '../openai-compatible/model-field-not-permitted.js';
import { record } from '../openai-compatible/openai-response-fields.js';

/** OpenAI request fields that only inform OpenAI (no vendor meaning): dropped for non-OpenAI vendors. */
export const INFORMATIONAL_FIELDS: ReadonlySet<string> = new Set(['stream_options', 'user']);

/** MLflow's 422 for a body naming its own model on an endpoint that defines one. */
export function rejectModelField(body: Record<string, unknown>): void {
  if (body.model !== undefined) throw modelFieldNotPermitted();
}

/**
 * Refuses vendor-native names of fields the gateway renames (`stop_sequences` for `stop`):
 * `Invalid parameter stop_sequences. Use stop instead.` (MLflow's message; 422, Cohere's 400).
 */
export function rejectNativeNames(
  body: Record<string, unknown>,
  renames: Readonly<Record<string, string>>,
  status: 400 | 422 = 422,
): void {
  for (const [clientName, nativeName] of Object.entries(renames)) {
    if (body[nativeName] !== undefined) {
      const message = `Invalid parameter ${nativeName}. Use ${clientName} instead.`;
      throw status === 400 ? GatewayHttpError.badRequest(message) : GatewayHttpError.unprocessable(message);
    }
  }
}

/** Vendors that answer one choice: `n` other than 1 is a 422 (MLflow's message, with the value filled in). */
export function requireSingleChoice(body: Record<string, unknown>, vendor: string): void {
  if (body.n !== undefined && body.n !== 1) {
    throw GatewayHttpError.unprocessable(
      `'n' must be '1' for the ${vendor} provider. Received value: '${String(body.n)}'.`,
    );
  }
}

/** `max_tokens`, or the newer `max_completion_tokens`. */
export function maxTokensOf(body: Record<string, unknown>): number | undefined {
  const value = body.max_tokens ?? body.max_completion_tokens;
  return typeof value === 'number' ? value : undefined;
}

/** OpenAI's 0..2 temperature for a vendor whose range is 0..1 (MLflow halves it too). */
export function halvedTemperature(value: unknown): number | undefined {
  return typeof value === 'number' ? value * 0.5 : undefined;
}

export type ResponseFormat =
  | { kind: 'text' }
  | { kind: 'json_object' }
  | { kind: 'json_schema'; schema: Record<string, unknown>; name: string | undefined };

/** OpenAI's `response_format`, or undefined when absent. */
export function responseFormatOf(value: unknown): ResponseFormat | undefined {
  const format = record(value);
  if (format === undefined) return undefined;
  if (format.type === 'text') return { kind: 'text' };
  if (format.type === 'json_object') return { kind: 'json_object' };
  if (format.type === 'json_schema') {
    const definition = record(format.json_schema);
    const schema = record(definition?.schema);
    if (schema === undefined) {
      throw GatewayHttpError.unprocessable('response_format json_schema needs json_schema.schema.');
    }
    return {
      kind: 'json_schema',
      schema,
      name: typeof definition?.name === 'string' ? definition.name : undefined,
    };
  }
  throw GatewayHttpError.unprocessable('response_format.type must be text, json_object or json_schema.');
}

/** The client's fields other than the ones a translation handled, for vendors that take extras as they are. */
export function remainingFields(
  body: Record<string, unknown>,
  handled: ReadonlySet<string>,
): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!handled.has(key) && !INFORMATIONAL_FIELDS.has(key)) rest[key] = body[key];
  }
  return rest;
}
