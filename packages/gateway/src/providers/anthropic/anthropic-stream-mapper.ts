import type { ChatStreamMapper } from '../chat-translation/chat-adapter.js';
import {
  type MappedChatChunk,
  chatChunk,
  chatUsage,
  countOrNull,
  nowInSeconds,
  tokenUsageOfChat,
} from '../chat-translation/chat-response.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { anthropicPromptTokens } from './map-anthropic-response.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

const NOTHING: MappedChatChunk = { chunk: undefined };

/**
 * Anthropic's Messages stream (`message_start`, `content_block_start`, `content_block_delta`,
 * `message_delta`, `message_stop`, `ping`) as MLflow chat chunks: one choice (index 0; MLflow
 * reports Anthropic's content-block index there), text deltas as `delta.content`, tool-use blocks
 * as `delta.tool_calls` numbered in order with their JSON arguments streamed, and on
 * `message_delta` the finish reason with the usage (prompt tokens from `message_start`).
 */
export function createAnthropicStreamMapper(fallbackModel: string): ChatStreamMapper {
  const base = { id: null as string | null, created: nowInSeconds(), model: fallbackModel };
  let promptTokens: number | null = null;
  const toolOrdinalByBlock = new Map<number, number>();

  return {
    map(data: unknown): MappedChatChunk {
      const event = record(data);
      if (event === undefined || typeof event.type !== 'string') {
        throw upstreamShapeError('Anthropic stream event', 'an object with a "type"', data);
      }
      switch (event.type) {
        case 'message_start': {
          const message = record(event.message) ?? {};
          base.id = stringOrNull(message.id);
          base.model = stringOrNull(message.model) ?? fallbackModel;
          promptTokens = anthropicPromptTokens(record(message.usage));
          return { chunk: chatChunk(base, { role: 'assistant', content: '' }) };
        }
        case 'content_block_start': {
          const block = record(event.content_block) ?? {};
          const index = countOrNull(event.index) ?? 0;
          if (block.type === 'tool_use') {
            const ordinal = toolOrdinalByBlock.size;
            toolOrdinalByBlock.set(index, ordinal);
            return {
              chunk: chatChunk(base, {
                tool_calls: [
                  {
                    index: ordinal,
                    id: stringOrNull(block.id),
                    type: 'function',
                    function: { name: stringOrNull(block.name), arguments: '' },
                  },
                ],
              }),
            };
          }
          if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
            return { chunk: chatChunk(base, { content: block.text }) };
          }
          return NOTHING;
        }
        case 'content_block_delta': {
          const delta = record(event.delta) ?? {};
          if (delta.type === 'text_delta' && typeof delta.text === 'string') {
            return { chunk: chatChunk(base, { content: delta.text }) };
          }
          if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
            const ordinal = toolOrdinalByBlock.get(countOrNull(event.index) ?? -1);
            if (ordinal === undefined) return NOTHING;
            return {
              chunk: chatChunk(base, {
                tool_calls: [
                  {
                    index: ordinal,
                    id: null,
                    type: null,
                    function: { name: null, arguments: delta.partial_json },
                  },
                ],
              }),
            };
          }
          return NOTHING;
        }
        case 'message_delta': {
          const usage = record(event.usage);
          const prompt = anthropicPromptTokens(usage) ?? promptTokens;
          const counts = chatUsage(prompt, countOrNull(usage?.output_tokens));
          const chunk = chatChunk(base, {}, mapAnthropicStopReason(record(event.delta)?.stop_reason));
          chunk.usage = counts;
          return { chunk, usage: tokenUsageOfChat(counts) };
        }
        default:
          return NOTHING;
      }
    },
  };
}
