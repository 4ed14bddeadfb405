import type { ChatStreamMapper } from '../chat-translation/chat-adapter.js';
import {
  type MappedChatChunk,
  chatChunk,
  countOrNull,
  nowInSeconds,
  tokenUsageOfChat,
} from '../chat-translation/chat-response.js';
import { generatedId } from '../chat-translation/generated-id.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';
import { cohereUsage } from './map-cohere-response.js';

const NOTHING: MappedChatChunk = { chunk: undefined };

/** `delta.message` of a Cohere stream event. */
function deltaMessage(event: Record<string, unknown>): Record<string, unknown> {
  return record(record(event.delta)?.message) ?? {};
}

/**
 * Cohere v2's chat stream (`message-start`, `content-delta`, `tool-call-start`, `tool-call-delta`,
 * `message-end`; `content-start`/`-end`, `tool-plan-delta`, citations and `debug` carry nothing for
 * OpenAI clients) as MLflow chat chunks. `message-end` gives the finish reason and the usage.
 */
export function createCohereStreamMapper(model: string): ChatStreamMapper {
  const base = { id: generatedId('chatcmpl') as string | null, created: nowInSeconds(), model };
  const ordinalByIndex = new Map<number, number>();

  return {
    map(data: unknown): MappedChatChunk {
      const event = record(data);
      if (event === undefined || typeof event.type !== 'string') {
        throw upstreamShapeError('Cohere stream event', 'an object with a "type"', data);
      }
      switch (event.type) {
        case 'message-start':
          base.id = stringOrNull(event.id) ?? base.id;
          return { chunk: chatChunk(base, { role: 'assistant', content: '' }) };
        case 'content-delta': {
          const text = record(deltaMessage(event).content)?.text;
          return typeof text === 'string' ? { chunk: chatChunk(base, { content: text }) } : NOTHING;
        }
        case 'tool-call-start': {
          const call = record(deltaMessage(event).tool_calls) ?? {};
          const definition = record(call.function) ?? {};
          const ordinal = ordinalByIndex.size;
          ordinalByIndex.set(countOrNull(event.index) ?? ordinal, ordinal);
          return {
            chunk: chatChunk(base, {
              tool_calls: [
                {
                  index: ordinal,
                  id: stringOrNull(call.id),
                  type: 'function',
                  function: {
                    name: stringOrNull(definition.name),
                    arguments: stringOrNull(definition.arguments) ?? '',
                  },
                },
              ],
            }),
          };
        }
        case 'tool-call-delta': {
          const ordinal = ordinalByIndex.get(countOrNull(event.index) ?? -1);
          const fragment = record(record(deltaMessage(event).tool_calls)?.function)?.arguments;
          if (ordinal === undefined || typeof fragment !== 'string') return NOTHING;
          return {
            chunk: chatChunk(base, {
              tool_calls: [
                { index: ordinal, id: null, type: null, function: { name: null, arguments: fragment } },
              ],
            }),
          };
        }
        case 'message-end': {
          const delta = record(event.delta) ?? {};
          const usage = cohereUsage(delta.usage);
          const chunk = chatChunk(base, {}, mapCohereFinishReason(delta.finish_reason));
          chunk.usage = usage;
          return { chunk, usage: tokenUsageOfChat(usage) };
        }
        default:
          return NOTHING;
      }
    },
  };
}
