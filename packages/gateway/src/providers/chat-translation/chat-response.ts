import type { ChatUsage } from '../openai-compatible/map-openai-usage.js';
import type { TokenUsage } from '../provider.js';

/** A tool call in a chat answer, OpenAI's shape. */
export interface ChatToolCall {
  id: string | null;
  type: 'function';
  function: { name: string | null; arguments: string | null };
}

/** A tool-call fragment of a chat stream chunk, OpenAI's shape. */
export interface ChatToolCallDelta {
  index: number;
  id: string | null;
  type: 'function' | null;
  function: { name: string | null; arguments: string | null };
}

export interface ChatChoice {
  index: number;
  message: { role: 'assistant'; content: string | null; tool_calls: ChatToolCall[] | null; refusal: null };
  finish_reason: string | null;
}

/** MLflow's chat response (`object: chat.completion`). */
export interface ChatResponse {
  id: string | null;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage: ChatUsage;
}

export interface ChatChunkChoice {
  index: number;
  finish_reason: string | null;
  delta: { role: string | null; content: string | null; tool_calls: ChatToolCallDelta[] | null };
}

/** MLflow's chat stream chunk (`object: chat.completion.chunk`); `usage` only on the chunk that reports it. */
export interface ChatChunk {
  id: string | null;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: ChatUsage;
}

export interface MappedChatChunk {
  chunk: ChatChunk | undefined;
  usage?: TokenUsage;
}

export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Usage from prompt and completion counts (total = their sum when both are known). */
export function chatUsage(promptTokens: number | null, completionTokens: number | null): ChatUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null,
  };
}

/** A number an upstream reported, or null. */
export function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function tokenUsageOfChat(usage: ChatUsage): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens ?? undefined,
    completionTokens: usage.completion_tokens ?? undefined,
  };
}

/** One stream chunk with one choice. */
export function chatChunk(
  base: { id: string | null; created: number; model: string },
  delta: Partial<ChatChunkChoice['delta']>,
  finishReason: string | null = null,
): ChatChunk {
  return {
    id: base.id,
    object: 'chat.completion.chunk',
    created: base.created,
    model: base.model,
    choices: [
      {
        index: 0,
        finish_reason: finishReason,
        delta: {
          role: delta.role ?? null,
          content: delta.content ?? null,
          tool_calls: delta.tool_calls ?? null,
        },
      },
    ],
  };
}
