import type { ChatUsage } from '../openai-compatible/map-openai-usage.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import {
  type ChatResponse,
  type ChatToolCall,
  chatUsage,
  countOrNull,
  nowInSeconds,
} from '../chat-translation/chat-response.js';
import { generatedId } from '../chat-translation/generated-id.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

const EXPECTED = 'an object with a "message" and a "finish_reason"';

/** Cohere's usage: the model's token counts (`tokens`), else the billed ones (`billed_units`). */
export function cohereUsage(usage: unknown): ChatUsage {
  const counts = record(usage);
  const tokens = record(counts?.tokens) ?? record(counts?.billed_units);
  return chatUsage(countOrNull(tokens?.input_tokens), countOrNull(tokens?.output_tokens));
}

/** The text of Cohere's `content` (a string, or `[{type: "text", text}]` blocks). */
function contentTextOf(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts = content
    .map((item: unknown) => record(item))
    .filter((block) => block?.type === 'text' && typeof block.text === 'string')
    .map((block) => String(block!.text));
  return texts.length === 0 ? null : texts.join('');
}

/** A Cohere v2 chat answer as MLflow's chat response (tool calls keep OpenAI's shape, which Cohere uses). */
export function mapCohereResponse(body: unknown, fallbackModel: string): ChatResponse {
  const response = record(body);
  const message = record(response?.message);
  if (response === undefined || message === undefined)
    throw upstreamShapeError('Cohere chat answer', EXPECTED, body);
  const toolCalls: ChatToolCall[] = Array.isArray(message.tool_calls)
    ? message.tool_calls.map((item: unknown) => {
        const call = record(item) ?? {};
        const definition = record(call.function) ?? {};
        return {
          id: stringOrNull(call.id),
          type: 'function',
          function: { name: stringOrNull(definition.name), arguments: stringOrNull(definition.arguments) },
        };
      })
    : [];
  return {
    id: stringOrNull(response.id) ?? generatedId('chatcmpl'),
    object: 'chat.completion',
    created: nowInSeconds(),
    model: fallbackModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: contentTextOf(message.content),
          tool_calls: toolCalls.length === 0 ? null : toolCalls,
          refusal: null,
        },
        finish_reason: mapCohereFinishReason(response.finish_reason),
      },
    ],
    usage: cohereUsage(response.usage),
  };
}
