import type { MappedChunk, StreamMapper } from '../provider.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapOpenAIUsage, tokenUsageOf } from './map-openai-usage.js';
import { createdOrNow, record, stringOrNull } from './openai-response-fields.js';

const EXPECTED = 'an object with a "choices" list';

function mapChoice(choice: unknown, position: number): unknown {
  const item = record(choice) ?? {};
  const text = typeof item.text === 'string' ? item.text : stringOrNull(record(item.delta)?.content);
  return {
    index: typeof item.index === 'number' ? item.index : position,
    finish_reason: stringOrNull(item.finish_reason),
    text: text ?? '',
  };
}

/**
 * Completion stream events as MLflow's `text_completion_chunk`s. Reads the legacy `choices[].text`
 * chunks real OpenAI sends (MLflow 3.6 only read chat-style `delta.content` and aborted) and the
 * chat-style ones some servers send.
 */
export function createOpenAICompletionsStreamMapper(
  fallbackModel: string,
  sendUsageOnlyChunks: boolean,
): StreamMapper {
  return {
    map(data: unknown): MappedChunk {
      const chunk = record(data);
      if (chunk === undefined || !Array.isArray(chunk.choices))
        throw upstreamShapeError('completion chunk', EXPECTED, data);
      const usage =
        chunk.usage === undefined || chunk.usage === null ? undefined : mapOpenAIUsage(chunk.usage);
      if (chunk.choices.length === 0 && usage !== undefined && !sendUsageOnlyChunks) {
        return { chunk: undefined, usage: tokenUsageOf(usage) };
      }
      const mapped: Record<string, unknown> = {
        id: stringOrNull(chunk.id),
        object: 'text_completion_chunk',
        created: createdOrNow(chunk.created),
        model: stringOrNull(chunk.model) ?? fallbackModel,
        choices: chunk.choices.map(mapChoice),
      };
      if (usage !== undefined) mapped.usage = usage;
      return usage === undefined ? { chunk: mapped } : { chunk: mapped, usage: tokenUsageOf(usage) };
    },
  };
}
