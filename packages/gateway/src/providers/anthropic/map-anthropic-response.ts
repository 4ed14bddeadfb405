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
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

const EXPECTED = 'an object with a "content" list of blocks';

/** Prompt tokens include the cached ones (read and written), as OpenAI counts them. */
export function anthropicPromptTokens(usage: Record<string, unknown> | undefined): number | null {
  const input = countOrNull(usage?.input_tokens);
  if (input === null) return null;
  return (
    input +
    (countOrNull(usage?.cache_read_input_tokens) ?? 0) +
    (countOrNull(usage?.cache_creation_input_tokens) ?? 0)
  );
}

export function anthropicUsage(usage: unknown): ChatUsage {
  const counts = record(usage);
  return chatUsage(anthropicPromptTokens(counts), countOrNull(counts?.output_tokens));
}

/**
 * An Anthropic Messages answer as MLflow's chat response: text blocks joined into `content` (null
 * when there are none), `tool_use` blocks as `tool_calls` (arguments as JSON text), thinking
 * blocks left out, `stop_reason` mapped (`tool_use` → `tool_calls`), usage with cached prompt tokens.
 */
export function mapAnthropicResponse(body: unknown, fallbackModel: string): ChatResponse {
  const response = record(body);
  if (response === undefined || !Array.isArray(response.content)) {
    throw upstreamShapeError('Anthropic message', EXPECTED, body);
  }
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const item of response.content) {
    const block = record(item);
    if (block?.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block?.type === 'tool_use') {
      toolCalls.push({
        id: stringOrNull(block.id),
        type: 'function',
        function: { name: stringOrNull(block.name), arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  return {
    id: stringOrNull(response.id) ?? generatedId('msg'),
    object: 'chat.completion',
    created: nowInSeconds(),
    model: stringOrNull(response.model) ?? fallbackModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: texts.length === 0 ? null : texts.join(''),
          tool_calls: toolCalls.length === 0 ? null : toolCalls,
          refusal: null,
        },
        finish_reason: mapAnthropicStopReason(response.stop_reason),
      },
    ],
    usage: anthropicUsage(response.usage),
  };
}
