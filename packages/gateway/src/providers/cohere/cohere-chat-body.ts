import { GatewayHttpError } from '../../http/gateway-http-error.js';
import {
  maxTokensOf,
  rejectModelField,
  rejectNativeNames,
  remainingFields,
  requireSingleChoice,
  responseFormatOf,
} from '../chat-translation/request-fields.js';
import { toolChoiceOf } from '../chat-translation/tool-calls.js';
import { record } from '../openai-compatible/openai-response-fields.js';

const VENDOR = 'Cohere';

const HANDLED = new Set([
  'messages',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'top_p',
  'top_k',
  'stream',
  'tool_choice',
  'response_format',
]);

/** A message as Cohere v2 takes it: OpenAI's shape (roles, tool_calls, tool_call_id) minus null fields; `developer` → `system`. */
function cohereMessage(item: unknown): Record<string, unknown> {
  const message = record(item) ?? {};
  const translated: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (value !== null && value !== undefined && key !== 'refusal') translated[key] = value;
  }
  if (translated.role === 'developer') translated.role = 'system';
  return translated;
}

function toolChoice(value: unknown): string | undefined {
  const choice = toolChoiceOf(value);
  if (choice === undefined || choice.kind === 'auto') return undefined;
  if (choice.kind === 'none') return 'NONE';
  if (choice.kind === 'required') return 'REQUIRED';
  throw GatewayHttpError.unprocessable(
    `${VENDOR} cannot be made to call one given tool: use tool_choice "required" with only that tool.`,
  );
}

/**
 * An `llm/v1/chat` body as a Cohere v2 `/chat` body. Messages and tools keep OpenAI's shape (Cohere
 * v2 takes it); `stop` → `stop_sequences`, `top_p` → `p`, `top_k` → `k` (the Cohere names are
 * refused with a 400, as MLflow does), `max_completion_tokens` → `max_tokens`, `n` must be 1,
 * `tool_choice` `required`/`none` → `REQUIRED`/`NONE`, JSON response formats → `{type:
 * "json_object", json_schema?}`. Temperature goes as sent (Cohere v2 has no 0..1 cap).
 */
export function cohereChatBody(
  body: Record<string, unknown>,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  rejectModelField(body);
  rejectNativeNames(body, { stop: 'stop_sequences', top_p: 'p', top_k: 'k' }, 400);
  requireSingleChoice(body, VENDOR);
  const translated: Record<string, unknown> = {
    ...remainingFields(body, HANDLED),
    model,
    messages: (body.messages as unknown[]).map(cohereMessage),
  };
  const maxTokens = maxTokensOf(body);
  if (maxTokens !== undefined) translated.max_tokens = maxTokens;
  if (body.stop !== undefined) translated.stop_sequences = body.stop;
  if (body.top_p !== undefined) translated.p = body.top_p;
  if (body.top_k !== undefined) translated.k = body.top_k;
  const choice = toolChoice(body.tool_choice);
  if (choice !== undefined) translated.tool_choice = choice;
  const format = responseFormatOf(body.response_format);
  if (format?.kind === 'json_object') translated.response_format = { type: 'json_object' };
  if (format?.kind === 'json_schema')
    translated.response_format = { type: 'json_object', json_schema: format.schema };
  translated.stream = stream;
  return translated;
}
