import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { createdOrNow, record, stringOrNull } from './openai-response-fields.js';

const EXPECTED = 'an object with a "choices" list of {message, finish_reason}';

function mapToolCall(toolCall: unknown): unknown {
  const call = record(toolCall);
  if (call === undefined) return toolCall;
  const definition = record(call.function) ?? {};
  return {
    id: stringOrNull(call.id),
    type: stringOrNull(call.type) ?? 'function',
    function: { name: stringOrNull(definition.name), arguments: stringOrNull(definition.arguments) },
  };
}

/**
 * An OpenAI `chat.completion` as MLflow's chat response: id/created/model copied, choices
 * re-indexed with `{role, content, tool_calls, refusal}` messages, usage reduced to the three
 * counters; other upstream keys are dropped.
 */
export function mapOpenAIChatResponse(body: unknown, fallbackModel: string): unknown {
  const response = record(body);
  if (response === undefined || !Array.isArray(response.choices))
    throw upstreamShapeError('chat completion', EXPECTED, body);
  const choices = response.choices.map((choice: unknown, index: number) => {
    const item = record(choice);
    const message = record(item?.message);
    if (item === undefined || message === undefined)
      throw upstreamShapeError('chat completion', EXPECTED, body);
    return {
      index,
      message: {
        role: stringOrNull(message.role) ?? 'assistant',
        content: message.content === undefined ? null : message.content,
        tool_calls: Array.isArray(message.tool_calls) ? message.tool_calls.map(mapToolCall) : null,
        refusal: stringOrNull(message.refusal),
      },
      finish_reason: stringOrNull(item.finish_reason),
    };
  });
  return {
    id: stringOrNull(response.id),
    object: 'chat.completion',
    created: createdOrNow(response.created),
    model: stringOrNull(response.model) ?? fallbackModel,
    choices,
    usage: mapOpenAIUsage(response.usage),
  };
}
