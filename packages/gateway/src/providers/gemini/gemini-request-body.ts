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
  maxTokensOf,
  rejectModelField,
  rejectNativeNames,
  remainingFields,
  responseFormatOf,
} from '../chat-translation/request-fields.js';
import {
  functionTools,
  jsonObjectOf,
  requestToolCalls,
  toolCallIdOf,
  toolChoiceOf,
} from '../chat-translation/tool-calls.js';
import { record } from '../openai-compatible/openai-response-fields.js';

const VENDOR = 'Gemini';

/** OpenAI names → Gemini's `generationConfig` names; the Gemini names are refused at the top level (MLflow's 422). */
const GENERATION_CONFIG_NAMES = {
  stop: 'stopSequences',
  n: 'candidateCount',
  max_tokens: 'maxOutputTokens',
  top_k: 'topK',
  top_p: 'topP',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
} as const;

const HANDLED = new Set([
  'messages',
  'stream',
  'tools',
  'tool_choice',
  'response_format',
  'temperature',
  'seed',
  'max_completion_tokens',
  'generationConfig',
  ...Object.keys(GENERATION_CONFIG_NAMES),
]);

interface GeminiContent {
  role: 'user' | 'model';
  parts: Record<string, unknown>[];
}

const AUDIO_TYPES: Readonly<Record<string, string>> = { wav: 'audio/wav', mp3: 'audio/mp3' };

function userPart(part: ContentPart): Record<string, unknown> {
  if (part.type === 'text' && typeof part.text === 'string') return { text: part.text };
  if (part.type === 'image_url') {
    const url = imageUrlOf(part);
    const inline = parseDataUrl(url);
    return inline === undefined
      ? { fileData: { fileUri: url } }
      : { inlineData: { mimeType: inline.mediaType, data: inline.base64 } };
  }
  if (part.type === 'input_audio') {
    const audio = record(part.input_audio) ?? {};
    const mimeType = typeof audio.format === 'string' ? AUDIO_TYPES[audio.format] : undefined;
    if (mimeType !== undefined && typeof audio.data === 'string') {
      return { inlineData: { mimeType, data: audio.data } };
    }
  }
  throw unsupportedPart(part, VENDOR);
}

function push(contents: GeminiContent[], content: GeminiContent): void {
  const last = contents.at(-1);
  if (last !== undefined && last.role === content.role) last.parts.push(...content.parts);
  else contents.push(content);
}

/** A tool result as Gemini's `functionResponse.response` (an object: the JSON result, or `{content: text}`). */
function functionResponse(text: string): Record<string, unknown> {
  return jsonObjectOf(text) ?? { content: text };
}

function translateMessages(messages: unknown[]): {
  contents: GeminiContent[];
  systemInstruction: Record<string, unknown> | undefined;
} {
  const system: Record<string, unknown>[] = [];
  const contents: GeminiContent[] = [];
  const functionNames = new Map<string, string>();
  messages.forEach((item, index) => {
    const message = record(item) ?? {};
    const where = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push({ text: contentText(message.content, `The ${String(message.role)} message ${where}`) });
        return;
      case 'user':
        push(contents, { role: 'user', parts: contentParts(message.content).map(userPart) });
        return;
      case 'assistant': {
        const parts: Record<string, unknown>[] = [];
        const text =
          message.content === undefined || message.content === null
            ? ''
            : contentText(message.content, `The assistant message ${where}`, '');
        if (text !== '') parts.push({ text });
        for (const call of requestToolCalls(message, where)) {
          functionNames.set(call.id, call.name);
          parts.push({ functionCall: { id: call.id, name: call.name, args: call.input } });
        }
        if (parts.length > 0) push(contents, { role: 'model', parts });
        return;
      }
      case 'tool': {
        const id = toolCallIdOf(message, where);
        const name = functionNames.get(id);
        if (name === undefined) {
          throw GatewayHttpError.unprocessable(
            `${where}.tool_call_id ${JSON.stringify(id)} names no tool call of an earlier assistant message (Gemini needs the function's name).`,
          );
        }
        const text = contentText(message.content, `The tool message ${where}`, '');
        push(contents, {
          role: 'user',
          parts: [{ functionResponse: { id, name, response: functionResponse(text) } }],
        });
        return;
      }
      default:
        throw GatewayHttpError.unprocessable(
          `${VENDOR} cannot take a message with role ${JSON.stringify(message.role ?? null)} (${where}).`,
        );
    }
  });
  return { contents, systemInstruction: system.length === 0 ? undefined : { parts: system } };
}

function generationConfig(body: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = { ...record(body.generationConfig) };
  if (body.temperature !== undefined) config.temperature = body.temperature;
  if (body.top_p !== undefined) config.topP = body.top_p;
  if (body.top_k !== undefined) config.topK = body.top_k;
  const maxTokens = maxTokensOf(body);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (body.stop !== undefined) config.stopSequences = body.stop;
  if (body.n !== undefined) config.candidateCount = body.n;
  if (body.presence_penalty !== undefined) config.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty !== undefined) config.frequencyPenalty = body.frequency_penalty;
  if (body.seed !== undefined) config.seed = body.seed;
  const format = responseFormatOf(body.response_format);
  if (format?.kind === 'json_object') config.responseMimeType = 'application/json';
  if (format?.kind === 'json_schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = format.schema;
  }
  return config;
}

function toolConfig(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const choice = toolChoiceOf(body.tool_choice);
  if (choice === undefined) return undefined;
  if (choice.kind === 'function') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
  const mode = { auto: 'AUTO', none: 'NONE', required: 'ANY' }[choice.kind];
  return { functionCallingConfig: { mode } };
}

/**
 * An `llm/v1/chat` body as a Gemini `generateContent` body: `assistant` → role `model`, system
 * messages → `systemInstruction`, tool calls → `functionCall` parts and tool results →
 * `functionResponse` parts (named after the call they answer), images and audio as inline data
 * (data URLs) or file URIs; sampling fields go to `generationConfig` under Gemini's names (which
 * are refused at the top level), tools to `functionDeclarations` with `parametersJsonSchema`
 * verbatim, `tool_choice` to `toolConfig`, a JSON response format to `responseMimeType` (and
 * `responseJsonSchema`). Unknown fields (`safetySettings`, `cachedContent`…) are forwarded.
 */
export function geminiGenerateContentBody(body: Record<string, unknown>): Record<string, unknown> {
  rejectModelField(body);
  rejectNativeNames(body, GENERATION_CONFIG_NAMES);
  const { contents, systemInstruction } = translateMessages(body.messages as unknown[]);
  const translated: Record<string, unknown> = { ...remainingFields(body, HANDLED), contents };
  if (systemInstruction !== undefined) translated.systemInstruction = systemInstruction;
  const config = generationConfig(body);
  if (Object.keys(config).length > 0) translated.generationConfig = config;
  const tools = functionTools(body.tools, VENDOR);
  if (tools !== undefined) {
    translated.tools = [
      {
        functionDeclarations: tools.map((tool) => ({
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          ...(tool.parameters === undefined ? {} : { parametersJsonSchema: tool.parameters }),
        })),
      },
    ];
  }
  const callingConfig = toolConfig(body);
  if (callingConfig !== undefined) translated.toolConfig = callingConfig;
  return translated;
}
