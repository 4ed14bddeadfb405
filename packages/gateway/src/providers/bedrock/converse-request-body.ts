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
  remainingFields,
  requireSingleChoice,
} from '../chat-translation/request-fields.js';
import {
  functionTools,
  jsonObjectOf,
  requestToolCalls,
  toolCallIdOf,
  toolChoiceOf,
} from '../chat-translation/tool-calls.js';
import { record } from '../openai-compatible/openai-response-fields.js';

const VENDOR = 'Amazon Bedrock';

/** Converse request members a client may send as they are. */
const CONVERSE_FIELDS = new Set([
  'additionalModelRequestFields',
  'additionalModelResponseFieldPaths',
  'guardrailConfig',
  'performanceConfig',
  'promptVariables',
  'requestMetadata',
]);

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
  ...CONVERSE_FIELDS,
]);

const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

interface ConverseMessage {
  role: 'user' | 'assistant';
  content: Record<string, unknown>[];
}

function userBlock(part: ContentPart): Record<string, unknown> {
  if (part.type === 'text' && typeof part.text === 'string') return { text: part.text };
  if (part.type === 'image_url') {
    const inline = parseDataUrl(imageUrlOf(part));
    const format = inline === undefined ? undefined : IMAGE_FORMATS[inline.mediaType];
    if (inline === undefined || format === undefined) {
      throw GatewayHttpError.unprocessable(
        `${VENDOR} takes images inline only: send a data: URL of a PNG, JPEG, GIF or WebP image.`,
      );
    }
    return { image: { format, source: { bytes: inline.base64 } } };
  }
  throw unsupportedPart(part, VENDOR);
}

/** Converse wants alternating roles: consecutive turns of one role are merged. */
function push(messages: ConverseMessage[], message: ConverseMessage): void {
  if (message.content.length === 0) return;
  const last = messages.at(-1);
  if (last !== undefined && last.role === message.role) last.content.push(...message.content);
  else messages.push(message);
}

function translateMessages(messages: unknown[]): {
  system: Record<string, unknown>[];
  messages: ConverseMessage[];
} {
  const system: Record<string, unknown>[] = [];
  const translated: ConverseMessage[] = [];
  messages.forEach((item, index) => {
    const message = record(item) ?? {};
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push({ text: contentText(message.content, `The ${String(message.role)} message ${where}`) });
        return;
      case 'user':
        push(translated, { role: 'user', content: contentParts(message.content).map(userBlock) });
        return;
      case 'assistant': {
        const blocks: Record<string, unknown>[] = [];
        const text =
          message.content === undefined || message.content === null
            ? ''
            : contentText(message.content, `The assistant message ${where}`, '');
        if (text !== '') blocks.push({ text });
        for (const call of requestToolCalls(message, where)) {
          blocks.push({ toolUse: { toolUseId: call.id, name: call.name, input: call.input } });
        }
        push(translated, { role: 'assistant', content: blocks });
        return;
      }
      case 'tool': {
        const text = contentText(message.content, `The tool message ${where}`, '');
        const json = jsonObjectOf(text);
        push(translated, {
          role: 'user',
          content: [
            {
              toolResult: {
                toolUseId: toolCallIdOf(message, where),
                content: [json === undefined ? { text } : { json }],
              },
            },
          ],
        });
        return;
      }
      default:
        throw GatewayHttpError.unprocessable(
          `${VENDOR} cannot take a message with role ${JSON.stringify(message.role ?? null)} (${where}).`,
        );
    }
  });
  return { system, messages: translated };
}

function toolConfig(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const tools = functionTools(body.tools, VENDOR);
  const choice = toolChoiceOf(body.tool_choice);
  if (tools === undefined || choice?.kind === 'none') return undefined;
  const config: Record<string, unknown> = {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        inputSchema: { json: tool.parameters ?? { type: 'object', properties: {} } },
      },
    })),
  };
  if (choice?.kind === 'auto') config.toolChoice = { auto: {} };
  if (choice?.kind === 'required') config.toolChoice = { any: {} };
  if (choice?.kind === 'function') config.toolChoice = { tool: { name: choice.name } };
  return config;
}

/**
 * An `llm/v1/chat` body as a Bedrock Converse body (`POST /model/<id>/converse`): system messages →
 * `system`, messages as content blocks (text, inline images, `toolUse`, `toolResult` with JSON
 * results as `json`), consecutive turns of one role merged; `max_tokens`, `temperature` (halved:
 * Converse's range is 0..1), `top_p`, `stop` → `inferenceConfig`; tools → `toolConfig` (a
 * `tool_choice` of `none` leaves the tools out: Converse cannot forbid them). Converse's own members
 * (`guardrailConfig`, `additionalModelRequestFields`, …) are forwarded; other fields (`top_k`…) go
 * into `additionalModelRequestFields`, the model-specific parameters. `n` must be 1.
 */
export function converseRequestBody(body: Record<string, unknown>): Record<string, unknown> {
  rejectModelField(body);
  requireSingleChoice(body, VENDOR);
  const { system, messages } = translateMessages(body.messages as unknown[]);
  const translated: Record<string, unknown> = { messages };
  if (system.length > 0) translated.system = system;
  const inference: Record<string, unknown> = {};
  const maxTokens = maxTokensOf(body);
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  const temperature = halvedTemperature(body.temperature);
  if (temperature !== undefined) inference.temperature = temperature;
  if (body.top_p !== undefined) inference.topP = body.top_p;
  if (body.stop !== undefined) inference.stopSequences = body.stop;
  if (Object.keys(inference).length > 0) translated.inferenceConfig = inference;
  const tools = toolConfig(body);
  if (tools !== undefined) translated.toolConfig = tools;
  for (const key of CONVERSE_FIELDS) if (body[key] !== undefined) translated[key] = body[key];
  const extras = remainingFields(body, HANDLED);
  if (Object.keys(extras).length > 0) {
    translated.additionalModelRequestFields = { ...record(body.additionalModelRequestFields), ...extras };
  }
  return translated;
}
