import type { ChatStreamMapper } from '../chat-translation/chat-adapter.js';
import {
  type ChatChunk,
  type MappedChatChunk,
  chatChunk,
  countOrNull,
  nowInSeconds,
  tokenUsageOfChat,
} from '../chat-translation/chat-response.js';
import { generatedId } from '../chat-translation/generated-id.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { converseUsage } from './map-converse-response.js';
import { mapConverseStopReason } from './map-converse-stop-reason.js';

const NOTHING: MappedChatChunk = { chunk: undefined };

/**
 * ConverseStream events (named by the event-stream's `:event-type`: `messageStart`,
 * `contentBlockStart`, `contentBlockDelta`, `contentBlockStop`, `messageStop`, `metadata`) as
 * MLflow chat chunks. The finish chunk (`messageStop`) is held until `metadata` brings the usage,
 * so the last chunk carries both; it is sent at the end of the stream if no usage came.
 */
export function createConverseStreamMapper(model: string): ChatStreamMapper {
  const base = { id: generatedId('chatcmpl'), created: nowInSeconds(), model };
  const ordinalByBlock = new Map<number, number>();
  let heldFinish: ChatChunk | undefined;

  return {
    map(data: unknown, event?: string): MappedChatChunk {
      const payload = record(data);
      if (payload === undefined) throw upstreamShapeError('ConverseStream event', 'an object', data);
      switch (event) {
        case 'messageStart':
          return { chunk: chatChunk(base, { role: stringOrNull(payload.role) ?? 'assistant', content: '' }) };
        case 'contentBlockStart': {
          const toolUse = record(record(payload.start)?.toolUse);
          if (toolUse === undefined) return NOTHING;
          const ordinal = ordinalByBlock.size;
          ordinalByBlock.set(countOrNull(payload.contentBlockIndex) ?? ordinal, ordinal);
          return {
            chunk: chatChunk(base, {
              tool_calls: [
                {
                  index: ordinal,
                  id: stringOrNull(toolUse.toolUseId),
                  type: 'function',
                  function: { name: stringOrNull(toolUse.name), arguments: '' },
                },
              ],
            }),
          };
        }
        case 'contentBlockDelta': {
          const delta = record(payload.delta) ?? {};
          if (typeof delta.text === 'string') return { chunk: chatChunk(base, { content: delta.text }) };
          const input = record(delta.toolUse)?.input;
          const ordinal = ordinalByBlock.get(countOrNull(payload.contentBlockIndex) ?? -1);
          if (typeof input === 'string' && ordinal !== undefined) {
            return {
              chunk: chatChunk(base, {
                tool_calls: [
                  { index: ordinal, id: null, type: null, function: { name: null, arguments: input } },
                ],
              }),
            };
          }
          return NOTHING;
        }
        case 'messageStop':
          heldFinish = chatChunk(base, {}, mapConverseStopReason(payload.stopReason));
          return NOTHING;
        case 'metadata': {
          const usage = converseUsage(payload.usage);
          const chunk = heldFinish ?? chatChunk(base, {}, null);
          heldFinish = undefined;
          chunk.usage = usage;
          return { chunk, usage: tokenUsageOfChat(usage) };
        }
        default:
          return NOTHING;
      }
    },
    finish(): MappedChatChunk | undefined {
      if (heldFinish === undefined) return undefined;
      const chunk = heldFinish;
      heldFinish = undefined;
      return { chunk };
    },
  };
}
