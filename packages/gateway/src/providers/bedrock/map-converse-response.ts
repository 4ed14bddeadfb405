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
import { mapConverseStopReason } from './map-converse-stop-reason.js';

const EXPECTED = 'an object with "output": {"message": {"content": […]}}';

/** Converse's usage; prompt tokens include the cache reads and writes. */
export function converseUsage(usage: unknown): ChatUsage {
  const counts = record(usage);
  const input = countOrNull(counts?.inputTokens);
  const prompt =
    input === null
      ? null
      : input +
        (countOrNull(counts?.cacheReadInputTokens) ?? 0) +
        (countOrNull(counts?.cacheWriteInputTokens) ?? 0);
  return chatUsage(prompt, countOrNull(counts?.outputTokens));
}

/** A Converse answer as MLflow's chat response: text blocks joined, `toolUse` blocks as tool calls, reasoning left out. */
export function mapConverseResponse(body: unknown, model: string): ChatResponse {
  const response = record(body);
  const message = record(record(response?.output)?.message);
  if (response === undefined || message === undefined || !Array.isArray(message.content)) {
    throw upstreamShapeError('Bedrock Converse answer', EXPECTED, body);
  }
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const item of message.content) {
    const block = record(item);
    if (typeof block?.text === 'string') texts.push(block.text);
    const toolUse = record(block?.toolUse);
    if (toolUse !== undefined) {
      toolCalls.push({
        id: stringOrNull(toolUse.toolUseId),
        type: 'function',
        function: { name: stringOrNull(toolUse.name), arguments: JSON.stringify(toolUse.input ?? {}) },
      });
    }
  }
  return {
    id: generatedId('chatcmpl'),
    object: 'chat.completion',
    created: nowInSeconds(),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: texts.length === 0 ? null : texts.join(''),
          tool_calls: toolCalls.length === 0 ? null : toolCalls,
          refusal: null,
        },
        finish_reason: mapConverseStopReason(response.stopReason),
      },
    ],
    usage: converseUsage(response.usage),
  };
}
