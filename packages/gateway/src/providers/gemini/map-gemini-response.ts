import type { ChatUsage } from '../openai-compatible/map-openai-usage.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import {
  type ChatChoice,
  type ChatResponse,
  type ChatToolCall,
  chatUsage,
  countOrNull,
  nowInSeconds,
} from '../chat-translation/chat-response.js';
import { generatedId } from '../chat-translation/generated-id.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

const EXPECTED = 'an object with a "candidates" list';

/** The text and function calls of a candidate's parts (thought parts left out). */
export function readCandidateParts(candidate: Record<string, unknown>): {
  text: string | null;
  functionCalls: { id: string | null; name: string | null; arguments: string }[];
} {
  const parts = record(candidate.content)?.parts;
  const texts: string[] = [];
  const functionCalls: { id: string | null; name: string | null; arguments: string }[] = [];
  if (Array.isArray(parts)) {
    for (const item of parts) {
      const part = record(item);
      if (part === undefined || part.thought === true) continue;
      if (typeof part.text === 'string') texts.push(part.text);
      const call = record(part.functionCall);
      if (call !== undefined) {
        functionCalls.push({
          id: stringOrNull(call.id),
          name: stringOrNull(call.name),
          arguments: JSON.stringify(call.args ?? {}),
        });
      }
    }
  }
  return { text: texts.length === 0 ? null : texts.join(''), functionCalls };
}

/** `usageMetadata` as usage; completion tokens include the thinking tokens (as OpenAI counts reasoning). */
export function geminiUsage(metadata: unknown): ChatUsage {
  const usage = record(metadata);
  const candidates = countOrNull(usage?.candidatesTokenCount);
  const thoughts = countOrNull(usage?.thoughtsTokenCount);
  const completion = candidates === null && thoughts === null ? null : (candidates ?? 0) + (thoughts ?? 0);
  const counts = chatUsage(countOrNull(usage?.promptTokenCount), completion);
  const total = countOrNull(usage?.totalTokenCount);
  return total === null ? counts : { ...counts, total_tokens: total };
}

/**
 * A `generateContent` answer as MLflow's chat response: one choice per candidate, text parts joined,
 * `functionCall` parts as tool calls (ids generated when Gemini gives none), finish reasons mapped;
 * a prompt blocked before any candidate is one empty choice with `content_filter`.
 */
export function mapGeminiResponse(body: unknown, fallbackModel: string): ChatResponse {
  const response = record(body);
  if (response === undefined || (response.candidates !== undefined && !Array.isArray(response.candidates))) {
    throw upstreamShapeError('Gemini answer', EXPECTED, body);
  }
  const candidates = Array.isArray(response.candidates) ? response.candidates : [];
  let choices: ChatChoice[] = candidates.map((item: unknown, position: number) => {
    const candidate = record(item) ?? {};
    const { text, functionCalls } = readCandidateParts(candidate);
    const toolCalls: ChatToolCall[] = functionCalls.map((call, index) => ({
      id: call.id ?? `call_${position}_${index}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    return {
      index: countOrNull(candidate.index) ?? position,
      message: {
        role: 'assistant',
        content: text,
        tool_calls: toolCalls.length === 0 ? null : toolCalls,
        refusal: null,
      },
      finish_reason: mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0),
    };
  });
  if (choices.length === 0) {
    if (record(response.promptFeedback)?.blockReason === undefined) {
      throw upstreamShapeError('Gemini answer', EXPECTED, body);
    }
    choices = [
      {
        index: 0,
        message: { role: 'assistant', content: null, tool_calls: null, refusal: null },
        finish_reason: 'content_filter',
      },
    ];
  }
  return {
    id: stringOrNull(response.responseId) ?? generatedId('chatcmpl'),
    object: 'chat.completion',
    created: nowInSeconds(),
    model: stringOrNull(response.modelVersion) ?? fallbackModel,
    choices,
    usage: geminiUsage(response.usageMetadata),
  };
}
