import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { createdOrNow, record, stringOrNull } from './openai-response-fields.js';

const EXPECTED = 'an object with a "choices" list of {text, finish_reason}';

/**
 * An OpenAI `text_completion` as MLflow's completions response. A chat-shaped answer is accepted
 * too (`text` = `message.content`), as MLflow does, so a chat model behind `/completions` works.
 */
export function mapOpenAICompletionsResponse(body: unknown, fallbackModel: string): unknown {
  const response = record(body);
  if (response === undefined || !Array.isArray(response.choices))
    throw upstreamShapeError('completion', EXPECTED, body);
  const choices = response.choices.map((choice: unknown, index: number) => {
    const item = record(choice);
    if (item === undefined) throw upstreamShapeError('completion', EXPECTED, body);
    const text = typeof item.text === 'string' ? item.text : stringOrNull(record(item.message)?.content);
    return { index, text: text ?? '', finish_reason: stringOrNull(item.finish_reason) };
  });
  return {
    id: stringOrNull(response.id),
    object: 'text_completion',
    created: createdOrNow(response.created),
    model: stringOrNull(response.model) ?? fallbackModel,
    choices,
    usage: mapOpenAIUsage(response.usage),
  };
}
