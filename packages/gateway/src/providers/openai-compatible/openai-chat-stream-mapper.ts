import type { MappedChunk, StreamMapper } from '../provider.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapOpenAIUsage, tokenUsageOf } from './map-openai-usage.js';
import { createdOrNow, record, stringOrNull } from './openai-response-fields.js';

const EXPECTED = 'an object with a "choices" list';

function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function mapToolCallDelta(toolCall: unknown, position: number): unknown {
  const call = record(toolCall) ?? {};
  const definition = record(call.function) ?? {};
  return {
    index: integerOrNull(call.index) ?? position,
    id: stringOrNull(call.id),
    type: stringOrNull(call.type),
    function: { name: stringOrNull(definition.name), arguments: stringOrNull(definition.arguments) },
  };
}

function mapChoice(choice: unknown, position: number): unknown {
  const item = record(choice) ?? {};
  const delta = record(item.delta) ?? {};
  return {
    index: integerOrNull(item.index) ?? position,
    finish_reason: stringOrNull(item.finish_reason),
    delta: {
      role: stringOrNull(delta.role),
      content: stringOrNull(delta.content),
      tool_calls: Array.isArray(delta.tool_calls) ? delta.tool_calls.map(mapToolCallDelta) : null,
    },
  };
}

/**
 * OpenAI `chat.completion.chunk` events as MLflow's chat chunks (`delta` with role, content and
 * tool_calls; nulls for absent fields). Usage is kept when the upstream sends it (MLflow 3.6
 * dropped it); a usage-only chunk the gateway asked for on its own (for token metrics) is counted
 * but not sent.
 */
export function createOpenAIChatStreamMapper(
  fallbackModel: string,
  sendUsageOnlyChunks: boolean,
): StreamMapper {
  return {
    map(data: unknown): MappedChunk {
      const chunk = record(data);
      if (chunk === undefined || !Array.isArray(chunk.choices))
        throw upstreamShapeError('chat completion chunk', EXPECTED, data);
      const usage =
        chunk.usage === undefined || chunk.usage === null ? undefined : mapOpenAIUsage(chunk.usage);
      if (chunk.choices.length === 0 && usage !== undefined && !sendUsageOnlyChunks) {
        return { chunk: undefined, usage: tokenUsageOf(usage) };
      }
      const mapped: Record<string, unknown> = {
        id: stringOrNull(chunk.id),
        object: 'chat.completion.chunk',
        created: createdOrNow(chunk.created),
        model: stringOrNull(chunk.model) ?? fallbackModel,
        choices: chunk.choices.map(mapChoice),
      };
      if (usage !== undefined) mapped.usage = usage;
      return usage === undefined ? { chunk: mapped } : { chunk: mapped, usage: tokenUsageOf(usage) };
    },
  };
}
