import { GatewayHttpError } from '../../http/gateway-http-error.js';
import {
  type ContentPart,
  contentParts,
  contentText,
  imageUrlOf,
  parseDataUrl,
  unsupportedPart,
} from '../chat-translation/message-content.js';
import {
  halvedTemperature,
  maxTokensOf,
  rejectModelField,
  rejectNativeNames,
  remainingFields,
  requireSingleChoice,
  responseFormatOf,
} from '../chat-translation/request-fields.js';
import {
  functionTools,
  requestToolCalls,
  toolCallIdOf,
  toolChoiceOf,
} from '../chat-translation/tool-calls.js';
import { record } from '../openai-compatible/openai-response-fields.js';

/** Anthropic requires `max_tokens`; MLflow's default when the client sends none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

const VENDOR = 'Anthropic';

/** Client fields this translation consumes; any other field is forwarded as sent (`top_k`, `metadata`, `thinking`…). */
const HANDLED = new Set([
  'messages',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stream',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
]);

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Record<string, unknown>[];
}

function imageBlock(part: ContentPart): Record<string, unknown> {
  const url = imageUrlOf(part);
  const inline = parseDataUrl(url);
  if (inline !== undefined) {
    return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.base64 } };
  }
  return { type: 'image', source: { type: 'url', url } };
}

function userBlocks(content: unknown): Record<string, unknown>[] {
  return contentParts(content).map((part) => {
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (part.type === 'image_url') return imageBlock(part);
    throw unsupportedPart(part, VENDOR);
  });
}

/** Appends a message, merging it into the previous one of the same role (tool results after tool results). */
function push(messages: AnthropicMessage[], message: AnthropicMessage): void {
  const last = messages.at(-1);
  if (last !== undefined && last.role === message.role) last.content.push(...message.content);
  else messages.push(message);
}

/**
 * OpenAI chat messages as Anthropic's: `system` (and `developer`) messages joined with a newline
 * into the top-level `system`; assistant `tool_calls` as `tool_use` blocks; `tool` messages as
 * `tool_result` blocks of a user turn; image parts as image blocks (base64 for data URLs, else by
 * URL). Consecutive turns of one role are merged.
 */
function translateMessages(messages: unknown[]): {
  system: string | undefined;
  messages: AnthropicMessage[];
} {
  const system: string[] = [];
  const translated: AnthropicMessage[] = [];
  messages.forEach((item, index) => {
    const message = record(item) ?? {};
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(contentText(message.content, `The ${String(message.role)} message ${where}`));
        return;
      case 'user':
        push(translated, { role: 'user', content: userBlocks(message.content) });
        return;
      case 'assistant': {
        const blocks: Record<string, unknown>[] = [];
        const text =
          message.content === undefined || message.content === null
            ? ''
            : contentText(message.content, `The assistant message ${where}`, '');
        if (text !== '') blocks.push({ type: 'text', text });
        for (const call of requestToolCalls(message, where)) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
        }
        if (blocks.length > 0) push(translated, { role: 'assistant', content: blocks });
        return;
      }
      case 'tool':
        push(translated, {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: toolCallIdOf(message, where),
              content: contentText(message.content, `The tool message ${where}`, ''),
            },
          ],
        });
        return;
      default:
        throw GatewayHttpError.unprocessable(
          `${VENDOR} cannot take a message with role ${JSON.stringify(message.role ?? null)} (${where}).`,
        );
    }
  });
  return { system: system.length === 0 ? undefined : system.join('\n'), messages: translated };
}

function toolChoice(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const choice = toolChoiceOf(body.tool_choice);
  let translated: Record<string, unknown> | undefined;
  if (choice?.kind === 'auto') translated = { type: 'auto' };
  else if (choice?.kind === 'none') translated = { type: 'none' };
  else if (choice?.kind === 'required') translated = { type: 'any' };
  else if (choice?.kind === 'function') translated = { type: 'tool', name: choice.name };
  if (body.parallel_tool_calls === false) {
    translated = { ...(translated ?? { type: 'auto' }), disable_parallel_tool_use: true };
  }
  return translated;
}

/**
 * An `llm/v1/chat` body as an Anthropic Messages API body (`POST /v1/messages`). MLflow's rules:
 * `n` must be 1, `temperature` and `top_p` not both, `stop` → `stop_sequences` (the native name is
 * refused), temperature halved (OpenAI's 0..2 onto Anthropic's 0..1), `max_tokens` (or
 * `max_completion_tokens`) defaulting to 8192. Tools become `{name, description, input_schema}`
 * with the schema verbatim; `tool_choice` and `parallel_tool_calls: false` are translated; a
 * `json_schema` response format becomes `output_config.format`.
 */
export function anthropicMessagesBody(
  body: Record<string, unknown>,
  model: string,
  stream: boolean,
): Record<string, unknown> {
  rejectModelField(body);
  rejectNativeNames(body, { stop: 'stop_sequences' });
  requireSingleChoice(body, VENDOR);
  if (body.temperature !== undefined && body.top_p !== undefined) {
    throw GatewayHttpError.unprocessable("Cannot set both 'temperature' and 'top_p' parameters.");
  }
  const { system, messages } = translateMessages(body.messages as unknown[]);
  const translated: Record<string, unknown> = {
    model,
    max_tokens: maxTokensOf(body) ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system !== undefined) translated.system = system;
  if (body.stop !== undefined) translated.stop_sequences = body.stop;
  const temperature = halvedTemperature(body.temperature);
  if (temperature !== undefined) translated.temperature = temperature;
  if (body.top_p !== undefined) translated.top_p = body.top_p;
  const tools = functionTools(body.tools, VENDOR);
  if (tools !== undefined) {
    translated.tools = tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.parameters ?? { type: 'object', properties: {} },
    }));
  }
  const choice = toolChoice(body);
  if (choice !== undefined) translated.tool_choice = choice;
  const format = responseFormatOf(body.response_format);
  if (format?.kind === 'json_object') {
    throw GatewayHttpError.unprocessable(
      `${VENDOR} has no JSON mode without a schema: use response_format {"type": "json_schema", …}.`,
    );
  }
  if (format?.kind === 'json_schema') {
    translated.output_config = { format: { type: 'json_schema', schema: format.schema } };
  }
  if (stream) translated.stream = true;
  const user = body.user;
  const rest = remainingFields(body, HANDLED);
  if (typeof user === 'string' && rest.metadata === undefined) rest.metadata = { user_id: user };
  return { ...rest, ...translated };
}
