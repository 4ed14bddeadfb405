import type { ChatStreamMapper } from '../chat-translation/chat-adapter.js';
import {
  type ChatChunk,
  type ChatChunkChoice,
  type MappedChatChunk,
  countOrNull,
  nowInSeconds,
  tokenUsageOfChat,
} from '../chat-translation/chat-response.js';
import { generatedId } from '../chat-translation/generated-id.js';
import type { ChatUsage } from '../openai-compatible/map-openai-usage.js';
import { record, stringOrNull } from '../openai-compatible/openai-response-fields.js';
import { upstreamShapeError } from '../upstream-shape-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { geminiUsage, readCandidateParts } from './map-gemini-response.js';

/**
 * `streamGenerateContent?alt=sse` events (each a partial `generateContent` answer) as MLflow chat
 * chunks: the role on each choice's first chunk, text deltas, function calls as complete tool-call
 * deltas (Gemini does not split them), finish reasons mapped. `usageMetadata` (repeated, growing)
 * is reported once: on the chunk that finishes, else when the stream ends.
 */
export function createGeminiStreamMapper(fallbackModel: string): ChatStreamMapper {
  const base = { id: generatedId('chatcmpl'), created: nowInSeconds(), model: fallbackModel };
  const started = new Set<number>();
  const toolCallsSeen = new Map<number, number>();
  let latestUsage: ChatUsage | undefined;
  let usageReported = false;

  return {
    map(data: unknown): MappedChatChunk {
      const response = record(data);
      if (response === undefined) throw upstreamShapeError('Gemini stream event', 'an object', data);
      base.id = stringOrNull(response.responseId) ?? base.id;
      base.model = stringOrNull(response.modelVersion) ?? base.model;
      if (response.usageMetadata !== undefined) latestUsage = geminiUsage(response.usageMetadata);
      const candidates = Array.isArray(response.candidates) ? response.candidates : [];
      let finished = false;
      const choices: ChatChunkChoice[] = candidates.map((item: unknown, position: number) => {
        const candidate = record(item) ?? {};
        const index = countOrNull(candidate.index) ?? position;
        const { text, functionCalls } = readCandidateParts(candidate);
        const before = toolCallsSeen.get(index) ?? 0;
        toolCallsSeen.set(index, before + functionCalls.length);
        const finishReason = mapGeminiFinishReason(candidate.finishReason, before + functionCalls.length > 0);
        if (finishReason !== null) finished = true;
        const first = !started.has(index);
        started.add(index);
        return {
          index,
          finish_reason: finishReason,
          delta: {
            role: first ? 'assistant' : null,
            content: text,
            tool_calls:
              functionCalls.length === 0
                ? null
                : functionCalls.map((call, offset) => ({
                    index: before + offset,
                    id: call.id ?? `call_${index}_${before + offset}`,
                    type: 'function',
                    function: { name: call.name, arguments: call.arguments },
                  })),
          },
        };
      });
      if (choices.length === 0 && !finished) return { chunk: undefined };
      const chunk: ChatChunk = {
        id: base.id,
        object: 'chat.completion.chunk',
        created: base.created,
        model: base.model,
        choices,
      };
      if (finished && latestUsage !== undefined && !usageReported) {
        usageReported = true;
        chunk.usage = latestUsage;
        return { chunk, usage: tokenUsageOfChat(latestUsage) };
      }
      return { chunk };
    },
    finish(): MappedChatChunk | undefined {
      if (usageReported || latestUsage === undefined) return undefined;
      usageReported = true;
      return { chunk: undefined, usage: tokenUsageOfChat(latestUsage) };
    },
  };
}
